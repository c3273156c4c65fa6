// Scratch: CPU profile of upgrade for N buttons, self time by function.
import { launchChromium, buttonVariants, scriptsOf, BUTTON_ATTRIBUTES } from './browser.js';
import { startPageServer } from './page-server.js';
import { readFile } from 'node:fs/promises';
const count = Number(process.argv[2] ?? 1);
const which = process.argv[3] ?? 'element';
const browser = await launchChromium();
const variants = await buttonVariants();
if (process.env.FILE) variants[0]!.script = await readFile(process.env.FILE);
const server = await startPageServer({
  scripts: { ...scriptsOf(variants), '/w.js': new TextEncoder().encode('export {}') },
  page: (url) => {
    const tag = url.searchParams.get('tag')!;
    return `<!doctype html><html lang="en"><body>${`<${tag} ${BUTTON_ATTRIBUTES}></${tag}>`.repeat(count)}</body></html>`;
  },
});
const variant = variants.find((v) => v.name === which)!;
const totals = new Map<string, number>();
let all = 0;
const runs = Number(process.env.RUNS ?? 5);
for (let r = 0; r < runs; r++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.origin}/?tag=${variant.tag}`);
  const session = await context.newCDPSession(page);
  await page.evaluate(`new Promise((resolve) => { const l = Object.assign(document.createElement('link'), { rel: 'modulepreload', href: '${variant.scriptPath}' }); l.onload = resolve; document.head.append(l); })`);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 50 });
  await session.send('Profiler.start');
  await page.evaluate(`import('${variant.scriptPath}').then(() => Promise.all([...document.querySelectorAll('${variant.tag}')].map((b) => b.updateComplete))).then(() => document.body.offsetHeight)`);
  const { profile } = (await session.send('Profiler.stop')) as any;
  const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
  const counts = new Map<number, number>();
  for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
  for (const [id, c] of counts) {
    const n: any = byId.get(id);
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url ? f.url.split('/').pop() + ':' + f.lineNumber : ''}`;
    totals.set(key, (totals.get(key) ?? 0) + c);
    all += c;
  }
  await context.close();
}
const rows = [...totals].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 30));
for (const [k, c] of rows) console.log(((c * 0.05) / runs).toFixed(2).padStart(7), 'ms', k);
console.log('total', ((all * 0.05) / runs).toFixed(2), 'ms per run (sampled)');
await server.close();
await browser.close();
