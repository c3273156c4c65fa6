// Where the heap goes: V8 heap snapshots taken before the script and after one button's first render, diffed
// by the snapshot's node types (code, strings, objects…), for the element and the minimal Lit button. The page
// rows say how much; this says of what, so the next change starts from data.
import type { Browser, CDPSession } from 'playwright-core';
import { formatValue, textTable } from './report.js';
import { scriptsOf, type ButtonVariant } from './browser.js';
import { buttonsPage } from './page-cost.js';
import { startPageServer } from './page-server.js';

/** Bytes added, by snapshot node type ("code", "string", "object", "closure", "object shape", …). */
type Composition = Record<string, number>;

async function snapshotByType(session: CDPSession): Promise<Composition> {
  await session.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  const collect = ({ chunk }: { chunk: string }) => chunks.push(chunk);
  session.on('HeapProfiler.addHeapSnapshotChunk', collect);
  await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  session.off('HeapProfiler.addHeapSnapshotChunk', collect);
  const { snapshot, nodes } = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
  };
  const fields = snapshot.meta.node_fields;
  const [typeAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('self_size')];
  const typeNames = snapshot.meta.node_types[0];
  const bytes: Composition = {};
  for (let node = 0; node < nodes.length; node += fields.length) {
    const type = typeNames[nodes[node + typeAt]!]!;
    bytes[type] = (bytes[type] ?? 0) + nodes[node + sizeAt]!;
  }
  return bytes;
}

async function compositionOf(browser: Browser, origin: string, variant: ButtonVariant): Promise<Composition> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/buttons?tag=${variant.tag}&count=1`);
    const session = await context.newCDPSession(page);
    await session.send('HeapProfiler.enable');
    const before = await snapshotByType(session);
    await page.evaluate(
      `import(${JSON.stringify(variant.scriptPath)}).then(() => document.querySelector(${JSON.stringify(variant.tag)}).updateComplete)`,
    );
    const after = await snapshotByType(session);
    return Object.fromEntries(Object.entries(after).map(([type, size]) => [type, size - (before[type] ?? 0)]));
  } finally {
    await context.close();
  }
}

export interface HeapCompositionReport {
  /** Bytes added per snapshot node type, per variant. */
  details: Record<string, Composition>;
  /** The same as a printable table, largest differences first. */
  table: string;
}

/** One snapshot pair per variant (heap snapshots are deterministic enough that one tells the composition). */
export async function measureHeapComposition(browser: Browser, variants: ButtonVariant[]): Promise<HeapCompositionReport> {
  const server = await startPageServer({
    scripts: scriptsOf(variants),
    page: (url) => (url.pathname === '/buttons' ? buttonsPage(url) : undefined),
  });
  const details: Record<string, Composition> = {};
  try {
    for (const variant of variants) details[variant.name] = await compositionOf(browser, server.origin, variant);
  } finally {
    await server.close();
  }
  const element = details['element'] ?? {};
  const minimal = details['minimal-lit'] ?? {};
  const types = [...new Set([...Object.keys(element), ...Object.keys(minimal)])]
    .map((type) => ({ type, element: element[type] ?? 0, minimal: minimal[type] ?? 0 }))
    .filter((row) => Math.abs(row.element - row.minimal) >= 512)
    .sort((a, b) => b.element - b.minimal - (a.element - a.minimal));
  const table = textTable(
    ['snapshot type', 'element', 'minimal Lit', 'difference'],
    types.map((row) => [row.type, formatValue(row.element, 'bytes'), formatValue(row.minimal, 'bytes'), formatValue(row.element - row.minimal, 'bytes')]),
  );
  return { details, table };
}
