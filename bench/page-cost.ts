// What the button costs a page in headless Chromium: evaluating its script, upgrading 1 and 1,000 buttons,
// and the JS heap that stays — each beside the minimal Lit button and the vanilla floor, as medians of fresh
// pages — and where the upgrade's time goes, phase by phase.
import type { Browser, CDPSession } from 'playwright-core';
import { formatValue, ratioAgainst, textTable, type Figure } from './report.js';
import { BUTTON_ATTRIBUTES, scriptsOf, type ButtonVariant } from './browser.js';
import { startPageServer } from './page-server.js';
import { median, medianRatioInterval } from './statistics.js';

const COUNTS = [1, 1000] as const;
/** No button in the page: what evaluating the script and defining its elements alone leave on the heap. */
const SCRIPT_ALONE = 0;
/** DESIGN's page budget: upgrade + render and heap, as a ratio to the minimal Lit button measured in the same run. */
const MAX_VS_MINIMAL_LIT = 1.3;
const BASELINES = [
  { name: 'minimal-lit', label: 'minimal Lit' },
  { name: 'floor', label: 'vanilla floor' },
] as const;
const HARNESS_WARMUP = '/harness-warmup.js';
// An empty element on a page with no buttons: what the harness itself allocates, subtracted from both heaps.
const CONTROL: ButtonVariant = {
  name: 'control',
  tag: 'harness-control',
  scriptPath: '/harness-control.js',
  script: new TextEncoder().encode("customElements.define('harness-control', class extends HTMLElement {});"),
};

interface PageSample {
  /** Whether the page was cross-origin isolated, so its timers had 5 µs steps rather than 100 µs. */
  isolated: boolean;
  evaluateMs: number;
  upgradeMs: number;
  /** The upgrade's phases, which add up to upgradeMs. */
  phases: Phases;
  heapAddedBytes: number;
  domNodesAdded: number;
}

/** The page the upgrade rows measure: `count` buttons of `tag`, each on its own line. */
export function buttonsPage(url: URL): string {
  const tag = url.searchParams.get('tag') ?? '';
  const count = Number(url.searchParams.get('count'));
  const buttons = `<${tag} ${BUTTON_ATTRIBUTES}></${tag}>\n`.repeat(count);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>page cost</title></head><body>\n${buttons}</body></html>`;
}

/**
 * Where the upgrade's time goes. `define` is the customElements.define call, which constructs and connects every
 * button already in the page; `update` runs from its return to every button's updateComplete (Lit's first
 * render: willUpdate, render, template cloning, committing values); `layout` is the forced style and layout.
 */
interface Phases {
  defineMs: number;
  updateMs: number;
  layoutMs: number;
}

// Runs in the page. Fetching and compiling happen first (modulepreload), off the clock; a wrapped
// customElements.define splits evaluation (import → define) from upgrade (define → every button rendered + laid out).
export const PRELOAD = `(src) => new Promise((resolve, reject) => {
  const link = Object.assign(document.createElement('link'), { rel: 'modulepreload', href: src });
  link.onload = resolve; link.onerror = () => reject(new Error('preload failed: ' + src));
  document.head.append(link);
})`;
const MEASURE = `async ({ src, tag }) => {
  let defineStart = NaN;
  let defineEnd = NaN;
  const define = customElements.define;
  customElements.define = function (name, constructor, options) {
    if (name !== tag) return define.call(this, name, constructor, options);
    defineStart = performance.now();
    define.call(this, name, constructor, options);
    defineEnd = performance.now();
  };
  const start = performance.now();
  await import(src);
  const buttons = [...document.querySelectorAll(tag)];
  await Promise.all(buttons.map((button) => button.updateComplete));
  const updated = performance.now();
  void document.body.offsetHeight;
  const end = performance.now();
  if (!buttons.every((button) => button.shadowRoot && button.shadowRoot.querySelector('button'))) {
    throw new Error('not every ' + tag + ' rendered a button');
  }
  return {
    evaluateMs: defineStart - start,
    upgradeMs: end - defineStart,
    phases: { defineMs: defineEnd - defineStart, updateMs: updated - defineEnd, layoutMs: end - updated },
    isolated: crossOriginIsolated,
  };
}`;

async function heapAfterGc(session: CDPSession): Promise<{ used: number; nodes: number }> {
  // Twice, so objects freed by the first collection's finalizers are gone too.
  await session.send('HeapProfiler.collectGarbage');
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  const { nodes } = await session.send('Memory.getDOMCounters');
  return { used: usedSize, nodes };
}

async function samplePage(browser: Browser, origin: string, variant: ButtonVariant, count: number): Promise<PageSample> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/buttons?tag=${variant.tag}&count=${count}`);
    const session = await context.newCDPSession(page);
    await session.send('HeapProfiler.enable');
    // The harness's own first evaluate, preload and import allocate too; they happen here, before the baseline.
    await page.evaluate(`(${PRELOAD})(${JSON.stringify(HARNESS_WARMUP)}).then(() => import(${JSON.stringify(HARNESS_WARMUP)}))`);
    const before = await heapAfterGc(session);
    await page.evaluate(`(${PRELOAD})(${JSON.stringify(variant.scriptPath)})`);
    const timings = (await page.evaluate(
      `(${MEASURE})(${JSON.stringify({ src: variant.scriptPath, tag: variant.tag })})`,
    )) as Pick<PageSample, 'evaluateMs' | 'upgradeMs' | 'phases' | 'isolated'>;
    const after = await heapAfterGc(session);
    return { ...timings, heapAddedBytes: after.used - before.used, domNodesAdded: after.nodes - before.nodes };
  } finally {
    await context.close();
  }
}

export interface PageCostReport {
  figures: Figure[];
  details: Record<string, unknown>;
  /** Where the upgrade's time goes for 1 and 1,000 buttons, per variant, as a printable table. */
  phases: string;
  /** How much of the 1-button heap budget the script alone leaves to the first button, in words. */
  heapReach: string;
  /** Each budgeted time ratio's 95% bootstrap interval, by figure (heap figures vary by about 1% between pages, so have none). */
  intervals: Record<string, [number, number]>;
}

export async function measurePageCost(
  browser: Browser,
  runs: number,
  variants: ButtonVariant[],
): Promise<PageCostReport> {
  const server = await startPageServer({
    scripts: { ...scriptsOf([...variants, CONTROL]), [HARNESS_WARMUP]: new TextEncoder().encode('export {};') },
    page: (url) => (url.pathname === '/buttons' ? buttonsPage(url) : undefined),
  });
  const samples: Record<string, PageSample[]> = {};
  try {
    for (let run = 0; run < runs; run += 1) {
      (samples['control/0'] ??= []).push(await samplePage(browser, server.origin, CONTROL, 0));
      for (const count of [SCRIPT_ALONE, ...COUNTS]) {
        // Alternating variants inside each run spreads the machine's noise over both evenly.
        for (const variant of run % 2 === 0 ? variants : [...variants].reverse()) {
          (samples[`${variant.name}/${count}`] ??= []).push(await samplePage(browser, server.origin, variant, count));
        }
      }
    }
  } finally {
    await server.close();
  }
  const med = (variant: string, count: number, pick: (sample: PageSample) => number) =>
    median(samples[`${variant}/${count}`]!.map(pick));
  const intervals: Record<string, [number, number]> = {};
  const beside = (
    figure: string,
    unit: Figure['unit'],
    count: number,
    pick: (sample: PageSample) => number,
    options: { harness?: number; budgeted?: boolean } = {},
  ): Figure => {
    const { harness = 0, budgeted = false } = options;
    const row: Figure = {
      figure,
      value: med('element', count, pick) - harness,
      unit,
      baselines: BASELINES.map(({ name, label }) => ({ value: med(name, count, pick) - harness, label })),
    };
    if (budgeted) {
      const ratio = ratioAgainst(row, 'minimal Lit');
      row.budget = { text: `≤ ${MAX_VS_MINIMAL_LIT}× minimal Lit`, pass: ratio <= MAX_VS_MINIMAL_LIT };
      const of = (variant: string) => samples[`${variant}/${count}`]!.map(pick);
      if (unit === 'ms') intervals[figure] = medianRatioInterval(of('element'), of('minimal-lit'));
    }
    return row;
  };
  const harness = med('control', 0, (s) => s.heapAddedBytes);
  const scriptAlone = beside('page: JS heap added, script alone (no button)', 'bytes', SCRIPT_ALONE, (s) => s.heapAddedBytes, { harness });
  const oneButton = beside('page: JS heap added, script + 1 button', 'bytes', 1, (s) => s.heapAddedBytes, { harness, budgeted: true });
  const figures: Figure[] = [
    beside('page: script evaluation (import → define)', 'ms', 1, (s) => s.evaluateMs),
    beside('page: upgrade + render 1 button', 'ms', 1, (s) => s.upgradeMs, { budgeted: true }),
    beside('page: upgrade + render 1,000 buttons', 'ms', 1000, (s) => s.upgradeMs, { budgeted: true }),
    scriptAlone,
    oneButton,
    beside('page: JS heap added, script + 1,000 buttons', 'bytes', 1000, (s) => s.heapAddedBytes, { harness, budgeted: true }),
  ];
  const names = variants.map((variant) => variant.name);
  const phases = Object.fromEntries(
    names.flatMap((name) =>
      COUNTS.map((count) => [
        `${name}/${count}`,
        {
          defineMs: med(name, count, (s) => s.phases.defineMs),
          updateMs: med(name, count, (s) => s.phases.updateMs),
          layoutMs: med(name, count, (s) => s.phases.layoutMs),
          domNodesPerButton: med(name, count, (s) => s.domNodesAdded) / count,
        },
      ]),
    ),
  );
  const minimalOf = (row: Figure) => row.baselines!.find((baseline) => baseline.label === 'minimal Lit')!.value;
  const allowed = MAX_VS_MINIMAL_LIT * minimalOf(oneButton);
  return {
    figures,
    intervals,
    phases: phaseTable(phases),
    // The 1-button heap budget against what the script alone already holds: what it leaves the first button.
    heapReach:
      `${MAX_VS_MINIMAL_LIT}× minimal Lit's script + 1 button is ${formatValue(allowed, 'bytes')}; the element's script alone ` +
      `holds ${formatValue(scriptAlone.value, 'bytes')}, which leaves ${formatValue(allowed - scriptAlone.value, 'bytes')} ` +
      `for its first button. Minimal Lit's first button adds ${formatValue(minimalOf(oneButton) - minimalOf(scriptAlone), 'bytes')}, ` +
      `the element's ${formatValue(oneButton.value - scriptAlone.value, 'bytes')}.`,
    details: {
      runs,
      method:
        'fresh browser context per sample; script fetched and compiled by modulepreload before the clock starts; ' +
        'evaluation = import() start → customElements.define call; upgrade = define → every button updateComplete ' +
        '+ forced layout, split into define (construct + connect every button), update (→ every updateComplete) and ' +
        'layout (forced style + layout); heap = CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage, before the ' +
        'script vs after upgrade ("script alone": a page with no button), minus the same procedure for an empty element with no instances (harnessHeapBytes)',
      harnessHeapBytes: harness,
      crossOriginIsolated: Object.values(samples).every((list) => list.every((sample) => sample.isolated)),
      phases,
      samples,
    },
  };
}

type PhaseMedians = Phases & { domNodesPerButton: number };

/** One line per variant and count: each phase's median, so the next change starts from where the time goes. */
function phaseTable(phases: Record<string, PhaseMedians>): string {
  const rows = Object.entries(phases).map(([key, phase]) => [
    key,
    formatValue(phase.defineMs, 'ms'),
    formatValue(phase.updateMs, 'ms'),
    formatValue(phase.layoutMs, 'ms'),
    phase.domNodesPerButton.toFixed(1),
  ]);
  const header = ['variant/buttons', 'define (construct + connect)', 'update (first render)', 'style + layout', 'DOM nodes per button'];
  return textTable(header, rows);
}
