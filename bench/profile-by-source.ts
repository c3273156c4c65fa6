// Whose code spends a page's time with the button: V8 CPU profiles of evaluating the script and upgrading 1 and
// 1,000 buttons, each sample's function mapped back through a source map to the file it came from (lit's packages,
// our modules, the DOM). The phase table says when the time goes; this says whose code spends it.
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { Browser } from 'playwright-core';
import { textTable } from './report.js';
import type { ButtonVariant } from './browser.js';
import { buttonsPage, PRELOAD } from './page-cost.js';
import { startPageServer } from './page-server.js';
import { CDN_ENTRY, CDN_FILE, cdnChunk, MINIMAL_LIT_FILE, minifiedBundleWithMap } from './size.js';
import { median } from './statistics.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COUNTS = [1, 1000] as const;
/** Finer than V8's default 1 ms, so one button's few milliseconds get enough samples; it also slows what it samples. */
export const SAMPLING_INTERVAL_US = 50;
/** Rows under this many ms per page in every column are left out of the table. */
const SHOWN_FROM_MS = 0.05;

type MappedScript = ButtonVariant & { map: TraceMap };

/** The CDN file built as dist/cdn is (so from src/ as it is now), with its source map, in memory. */
async function elementWithMap(variant: ButtonVariant): Promise<MappedScript> {
  const chunk = await cdnChunk(CDN_ENTRY, { sourcemap: true });
  // The map's sources are relative to where the file would be written.
  return { ...variant, script: new TextEncoder().encode(chunk.code), map: new TraceMap(chunk.map!.toString(), `${fileURLToPath(CDN_FILE)}.map`) };
}

/** The minimal Lit button, minified as bench/size.ts does it, with its source map. */
async function minimalLitWithMap(variant: ButtonVariant): Promise<MappedScript> {
  const { code, map, mapPath } = await minifiedBundleWithMap(MINIMAL_LIT_FILE, join(ROOT, 'bench'));
  return { ...variant, script: code, map: new TraceMap(map, mapPath) };
}

/** A package for lit's files (`lit-html`, `@lit/reactive-element`), the path in the repository for ours. */
function sourceName(source: string | null): string {
  if (!source) return '(unmapped)';
  const path = relative(ROOT, source.startsWith('file:') ? fileURLToPath(source) : source);
  const inPackage = /^node_modules\/(@[^/]+\/[^/]+|[^/]+)\//.exec(path);
  return inPackage ? inPackage[1]! : path;
}

// Runs in the page, after PRELOAD has fetched and compiled the script, as page-cost.ts measures the upgrade.
const EVALUATE_AND_UPGRADE = `async ({ src, tag }) => {
  await import(src);
  const buttons = [...document.querySelectorAll(tag)];
  await Promise.all(buttons.map((button) => button.updateComplete));
  void document.body.offsetHeight;
  if (!buttons.every((button) => button.shadowRoot && button.shadowRoot.querySelector('button'))) {
    throw new Error('not every ' + tag + ' rendered a button');
  }
}`;

/** Self time per source on one fresh page, in ms. */
async function profileUpgrade(browser: Browser, origin: string, script: MappedScript, count: number) {
  const bySource: Record<string, number> = {};
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/buttons?tag=${script.tag}&count=${count}`);
    await page.evaluate(`(${PRELOAD})(${JSON.stringify(script.scriptPath)})`);
    const session = await context.newCDPSession(page);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    await session.send('Profiler.start');
    await page.evaluate(`(${EVALUATE_AND_UPGRADE})(${JSON.stringify({ src: script.scriptPath, tag: script.tag })})`);
    const { profile } = await session.send('Profiler.stop');
    const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    profile.samples!.forEach((id, index) => {
      const frame = nodes.get(id)!;
      let source: string;
      if (!frame.url) source = frame.functionName.startsWith('(') ? frame.functionName : 'DOM and other built-ins';
      else if (!frame.url.endsWith(script.scriptPath)) source = '(harness)';
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

export async function measureProfileBySource(browser: Browser, runs: number, variants: ButtonVariant[]): Promise<ProfileBySourceReport> {
  const variant = (name: ButtonVariant['name']) => variants.find((candidate) => candidate.name === name)!;
  const scripts = [await elementWithMap(variant('element')), await minimalLitWithMap(variant('minimal-lit'))];
  const server = await startPageServer({
    scripts: Object.fromEntries(scripts.map((script) => [script.scriptPath, script.script])),
    page: (url) => (url.pathname === '/buttons' ? buttonsPage(url) : undefined),
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
