// What the button costs a page in headless Chromium: evaluating its script, upgrading 1 and 1,000 buttons,
// and the JS heap that stays — each beside the vanilla floor, as medians of fresh pages.
import type { Browser, CDPSession } from 'playwright-core';
import type { Figure } from './report.js';
import { BUTTON_ATTRIBUTES, scriptsOf, type ButtonVariant } from './browser.js';
import { startPageServer } from './page-server.js';
import { median } from './statistics.js';

const COUNTS = [1, 1000] as const;
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
  heapAddedBytes: number;
  domNodesAdded: number;
}

function buttonsPage(url: URL): string {
  const tag = url.searchParams.get('tag') ?? '';
  const count = Number(url.searchParams.get('count'));
  const buttons = `<${tag} ${BUTTON_ATTRIBUTES}></${tag}>\n`.repeat(count);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>page cost</title></head><body>\n${buttons}</body></html>`;
}

// Runs in the page. Fetching and compiling happen first (modulepreload), off the clock; a wrapped
// customElements.define splits evaluation (import → define) from upgrade (define → every button rendered + laid out).
const PRELOAD = `(src) => new Promise((resolve, reject) => {
  const link = Object.assign(document.createElement('link'), { rel: 'modulepreload', href: src });
  link.onload = resolve; link.onerror = () => reject(new Error('preload failed: ' + src));
  document.head.append(link);
})`;
const MEASURE = `async ({ src, tag }) => {
  let defineStart = NaN;
  const define = customElements.define;
  customElements.define = function (name, constructor, options) {
    if (name === tag) defineStart = performance.now();
    return define.call(this, name, constructor, options);
  };
  const start = performance.now();
  await import(src);
  const buttons = [...document.querySelectorAll(tag)];
  await Promise.all(buttons.map((button) => button.updateComplete));
  void document.body.offsetHeight;
  const end = performance.now();
  if (!buttons.every((button) => button.shadowRoot && button.shadowRoot.querySelector('button'))) {
    throw new Error('not every ' + tag + ' rendered a button');
  }
  return { evaluateMs: defineStart - start, upgradeMs: end - defineStart, isolated: crossOriginIsolated };
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
    )) as { evaluateMs: number; upgradeMs: number; isolated: boolean };
    const after = await heapAfterGc(session);
    return { ...timings, heapAddedBytes: after.used - before.used, domNodesAdded: after.nodes - before.nodes };
  } finally {
    await context.close();
  }
}

export interface PageCostReport {
  figures: Figure[];
  details: Record<string, unknown>;
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
      for (const count of COUNTS) {
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
  const beside = (
    figure: string,
    unit: Figure['unit'],
    count: number,
    pick: (sample: PageSample) => number,
    harness = 0,
  ): Figure => ({
    figure,
    value: med('element', count, pick) - harness,
    unit,
    baseline: { value: med('floor', count, pick) - harness, label: 'vanilla floor' },
  });
  const harnessHeap = med('control', 0, (s) => s.heapAddedBytes);
  const figures: Figure[] = [
    beside('page: script evaluation (import → define)', 'ms', 1, (s) => s.evaluateMs),
    beside('page: upgrade + render 1 button', 'ms', 1, (s) => s.upgradeMs),
    beside('page: upgrade + render 1,000 buttons', 'ms', 1000, (s) => s.upgradeMs),
    beside('page: JS heap added, script + 1 button', 'bytes', 1, (s) => s.heapAddedBytes, harnessHeap),
    beside('page: JS heap added, script + 1,000 buttons', 'bytes', 1000, (s) => s.heapAddedBytes, harnessHeap),
  ];
  return {
    figures,
    details: {
      runs,
      method:
        'fresh browser context per sample; script fetched and compiled by modulepreload before the clock starts; ' +
        'evaluation = import() start → customElements.define call; upgrade = define → every button updateComplete ' +
        '+ forced layout; heap = CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage, before the script vs after upgrade, ' +
        'minus the same procedure for an empty element with no instances (harnessHeapBytes)',
      harnessHeapBytes: harnessHeap,
      crossOriginIsolated: Object.values(samples).every((list) => list.every((sample) => sample.isolated)),
      domNodesPerButton: Object.fromEntries(
        ['element', 'floor'].map((variant) => [variant, med(variant, 1000, (s) => s.domNodesAdded) / 1000]),
      ),
      samples,
    },
  };
}
