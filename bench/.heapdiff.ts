// Scratch: heap snapshot statistics after loading a variant with N buttons, by node type / constructor.
import { launchChromium, buttonVariants, scriptsOf, BUTTON_ATTRIBUTES } from './browser.js';
import { startPageServer } from './page-server.js';

const count = Number(process.argv[2] ?? 1);
const browser = await launchChromium();
const variants = await buttonVariants(); if (process.env.FILE) variants[0]!.script = await (await import('node:fs/promises')).readFile(process.env.FILE);
const server = await startPageServer({
  scripts: { ...scriptsOf(variants), '/w.js': new TextEncoder().encode('export {}') },
  page: (url) => {
    const tag = url.searchParams.get('tag')!;
    return `<!doctype html><html lang="en"><body>${`<${tag} ${BUTTON_ATTRIBUTES}></${tag}>`.repeat(count)}</body></html>`;
  },
});
async function snapshot(session: any) {
  await session.send('HeapProfiler.collectGarbage');
  await session.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  const onChunk = (e: any) => chunks.push(e.chunk);
  session.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  session.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snap = JSON.parse(chunks.join(''));
  const meta = snap.snapshot.meta;
  const nf = meta.node_fields.length;
  const types = meta.node_types[0];
  const ti = meta.node_fields.indexOf('type'), ni = meta.node_fields.indexOf('name'), si = meta.node_fields.indexOf('self_size');
  const agg = new Map<string, number>();
  for (let i = 0; i < snap.nodes.length; i += nf) {
    const type = types[snap.nodes[i + ti]];
    let name = snap.strings[snap.nodes[i + ni]];
    const key = type === 'object' || type === 'closure' || type === 'native' ? `${type}:${name.slice(0, 60)}` : type === 'code' ? `code:${name.slice(0,40)}` : `${type}`;
    agg.set(key, (agg.get(key) ?? 0) + snap.nodes[i + si]);
  }
  return agg;
}
for (const variant of variants.filter((v) => v.name !== 'floor')) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.origin}/?tag=${variant.tag}`);
  const session = await context.newCDPSession(page);
  await session.send('HeapProfiler.enable');
  await page.evaluate(`import('/w.js')`);
  const before = await snapshot(session);
  await page.evaluate(`import('${variant.scriptPath}').then(() => Promise.all([...document.querySelectorAll('${variant.tag}')].map((b) => b.updateComplete)))`);
  const after = await snapshot(session);
  const diff = [...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, v]) => Math.abs(v) > 300).sort((a, b) => b[1] - a[1]);
  const total = diff.reduce((a, [, v]) => a + v, 0);
  console.log(`\n== ${variant.name} ${count}: total ${(total / 1024).toFixed(1)} KiB`);
  for (const [k, v] of diff.slice(0, 40)) console.log(String(Math.round(v)).padStart(9), k);
  await context.close();
}
await server.close();
await browser.close();
