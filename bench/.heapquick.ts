// Scratch: heap (as the bench measures it) for element vs minimal Lit, 1 and 1000 buttons, a few samples.
import { launchChromium, buttonVariants, scriptsOf, BUTTON_ATTRIBUTES } from './browser.js';
import { startPageServer } from './page-server.js';
import { readFile } from 'node:fs/promises';
const file = process.argv[2];
const browser = await launchChromium();
const variants = (await buttonVariants()).filter((v) => v.name !== 'floor');
if (file) variants[0]!.script = await readFile(file);
const server = await startPageServer({
  scripts: { ...scriptsOf(variants), '/w.js': new TextEncoder().encode('export {}') },
  page: (url) => {
    const tag = url.searchParams.get('tag')!;
    const count = Number(url.searchParams.get('count'));
    return `<!doctype html><html lang="en"><body>${`<${tag} ${BUTTON_ATTRIBUTES}></${tag}>`.repeat(count)}</body></html>`;
  },
});
const heap = async (session: any) => {
  await session.send('HeapProfiler.collectGarbage');
  await session.send('HeapProfiler.collectGarbage');
  return (await session.send('Runtime.getHeapUsage')).usedSize;
};
for (const count of (process.env.COUNTS ?? "1,1000").split(",").map(Number)) {
  for (const variant of variants) {
    const values: number[] = [];
    for (let i = 0; i < 3; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.origin}/?tag=${variant.tag}&count=${count}`);
      const session = await context.newCDPSession(page);
      await session.send('HeapProfiler.enable');
      await page.evaluate(`import('/w.js')`);
      const before = await heap(session);
      await page.evaluate(`import('${variant.scriptPath}').then(() => Promise.all([...document.querySelectorAll('${variant.tag}')].map((b) => b.updateComplete))).then(() => document.body.offsetHeight)`);
      values.push((await heap(session)) - before);
      await context.close();
    }
    values.sort((a, b) => a - b);
    console.log(`${variant.name}/${count}: ${(values[1]! / 1024).toFixed(1)} KiB  (${values.map((v) => (v / 1024).toFixed(1)).join(', ')})`);
  }
}
await server.close();
await browser.close();
