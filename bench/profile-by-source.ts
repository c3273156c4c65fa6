// Where the upgrade's time goes, by source file: V8 CPU profiles of 1 and 1,000 buttons' upgrade, each sample's
// function mapped back through a source map to the file it came from (lit's packages, our modules, the DOM). The
// phase table says when the time goes; this says whose code spends it, so the next change starts from data.
import { build as viteBuild } from 'vite';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { Browser } from 'playwright-core';
import { textTable } from './report.js';
import { BUTTON_ATTRIBUTES } from './browser.js';
import { startPageServer } from './page-server.js';
import { MINIMAL_LIT_FILE, minifiedBundleWithMap } from './size.js';
import { median } from './statistics.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COUNTS = [1, 1000] as const;
/** Finer than V8's default 1 ms, so one button's few milliseconds get enough samples. */
export const SAMPLING_INTERVAL_US = 50;
/** Rows under this many ms per page in every column are left out of the table. */
const SHOWN_FROM_MS = 0.05;

interface MappedScript {
  name: 'element' | 'minimal-lit';
  tag: string;
  path: string;
  code: Uint8Array;
  map: TraceMap;
}

/** The CDN file as vite builds it, with a source map (only the map comment differs from dist/cdn). */
async function elementWithMap(): Promise<MappedScript> {
  const outDir = await mkdtemp(join(tmpdir(), 'payfect-bench-cdn-'));
  try {
    await viteBuild({
      root: ROOT,
      configFile: join(ROOT, 'vite.config.ts'),
      logLevel: 'silent',
      build: { outDir, sourcemap: true, emptyOutDir: true },
    });
    const mapFile = join(outDir, 'payfect-checkout.js.map');
    const [code, map] = await Promise.all([readFile(join(outDir, 'payfect-checkout.js')), readFile(mapFile, 'utf8')]);
    return { name: 'element', tag: 'payfect-checkout-button', path: '/payfect-checkout.js', code, map: new TraceMap(map, mapFile) };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The minimal Lit button, minified as bench/size.ts does it, with a source map. */
async function minimalLitWithMap(): Promise<MappedScript> {
  const { code, map, mapPath } = await minifiedBundleWithMap(MINIMAL_LIT_FILE, join(ROOT, 'bench'));
  return { name: 'minimal-lit', tag: 'minimal-lit-checkout-button', path: '/minimal-lit-checkout-button.js', code, map: new TraceMap(map, mapPath) };
}

/** A package for lit's files (`lit-html`, `@lit/reactive-element`), the path in the repository for ours. */
function sourceName(source: string | null): string {
  if (!source) return '(unmapped)';
  const path = relative(ROOT, source.startsWith('file:') ? fileURLToPath(source) : source);
  const inPackage = /^node_modules\/(@[^/]+\/[^/]+|[^/]+)\//.exec(path);
  return inPackage ? inPackage[1]! : path;
}

// Runs in the page, as page-cost.ts measures the upgrade: fetched and compiled first, then imported and rendered.
const PRELOAD = `(src) => new Promise((resolve) => {
  const link = Object.assign(document.createElement('link'), { rel: 'modulepreload', href: src });
  link.onload = resolve;
  document.head.append(link);
})`;
const UPGRADE = `({ src, tag }) => import(src)
  .then(() => Promise.all([...document.querySelectorAll(tag)].map((button) => button.updateComplete)))
  .then(() => document.body.offsetHeight)`;

/** Self time per source on one fresh page, in ms. */
async function profileUpgrade(browser: Browser, origin: string, script: MappedScript, count: number) {
  const bySource: Record<string, number> = {};
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/buttons?tag=${script.tag}&count=${count}`);
    await page.evaluate(`(${PRELOAD})(${JSON.stringify(script.path)})`);
    const session = await context.newCDPSession(page);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    await session.send('Profiler.start');
    await page.evaluate(`(${UPGRADE})(${JSON.stringify({ src: script.path, tag: script.tag })})`);
    const { profile } = await session.send('Profiler.stop');
    const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    profile.samples!.forEach((id, index) => {
      const frame = nodes.get(id)!;
      let source: string;
      if (!frame.url) source = frame.functionName.startsWith('(') ? frame.functionName : 'DOM and other built-ins';
      else if (!frame.url.endsWith(script.path)) source = '(harness)';
      // The module's own top level has no line; anything else is a function, named by where it starts.
      else if (frame.lineNumber < 0) source = '(script top level)';
      else source = sourceName(originalPositionFor(script.map, { line: frame.lineNumber + 1, column: frame.columnNumber }).source);
      bySource[source] = (bySource[source] ?? 0) + (profile.timeDeltas![index + 1] ?? 0) / 1000;
    });
  } finally {
    await context.close();
  }
  return bySource;
}

/** Each source's median over the pages (0 where a page spent nothing there): one slow page does not lead the table. */
function medianBySource(pages: Record<string, number>[]): Record<string, number> {
  const sources = new Set(pages.flatMap((page) => Object.keys(page)));
  return Object.fromEntries([...sources].map((source) => [source, median(pages.map((page) => page[source] ?? 0))]));
}

export interface ProfileBySourceReport {
  /** Median ms per page, by `variant/buttons`, then by source. */
  details: Record<string, Record<string, number>>;
  table: string;
}

export async function measureProfileBySource(browser: Browser, runs: number): Promise<ProfileBySourceReport> {
  const scripts = [await elementWithMap(), await minimalLitWithMap()];
  const server = await startPageServer({
    scripts: Object.fromEntries(scripts.map((script) => [script.path, script.code])),
    page: (url) => {
      if (url.pathname !== '/buttons') return undefined;
      const tag = url.searchParams.get('tag')!;
      const buttons = `<${tag} ${BUTTON_ATTRIBUTES}></${tag}>`.repeat(Number(url.searchParams.get('count')));
      return `<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body>${buttons}</body></html>`;
    },
  });
  const details: Record<string, Record<string, number>> = {};
  try {
    for (const count of COUNTS) {
      for (const script of scripts) {
        const pages: Record<string, number>[] = [];
        for (let run = 0; run < runs; run += 1) pages.push(await profileUpgrade(browser, server.origin, script, count));
        details[`${script.name}/${count}`] = medianBySource(pages);
      }
    }
  } finally {
    await server.close();
  }
  const columns = Object.keys(details);
  const sources = [...new Set(columns.flatMap((column) => Object.keys(details[column]!)))]
    .filter((source) => source !== '(idle)' && columns.some((column) => (details[column]![source] ?? 0) >= SHOWN_FROM_MS))
    .sort((a, b) => (details['element/1000']![b] ?? 0) - (details['element/1000']![a] ?? 0));
  const table = textTable(
    ['source', ...columns],
    sources.map((source) => [source, ...columns.map((column) => `${(details[column]![source] ?? 0).toFixed(2)} ms`)]),
  );
  return { details, table };
}
