// From a trusted click to the request on the wire, and from the endpoint's answer to location.assign,
// for the element and the vanilla floor on the same local origin.
import type { Browser } from 'playwright-core';
import { ratioAgainst, type Figure } from './report.js';
import { BUTTON_ATTRIBUTES, scriptsOf, type ButtonVariant } from './browser.js';
import { startPageServer, type PageServer } from './page-server.js';
import { median, medianRatioInterval } from './statistics.js';

/** DESIGN's click budgets: a ratio to the vanilla floor measured in the same run. */
const MAX_VS_VANILLA = 1.2;
/**
 * How long the bench endpoint holds its answer. A session endpoint answers after its own call to Payfect, so a
 * real answer never comes back within the frame that paints the button's busy state; 50 ms is well under that
 * call. The same runs with an endpoint answering at once show what that overlap costs, outside the budget.
 */
const ANSWER_AFTER_MS = 50;
const ANSWER_AT_ONCE_MS = 0;

// Installed before the button's script: a capturing listener sees the click before the button does, and the
// Navigation API's navigate event fires synchronously inside location.assign (beforeunload comes a hop later).
// The 204 landing page then keeps this page alive to report.
const RECORDER = `
window.__clickBench = {};
addEventListener('click', (event) => { if (event.isTrusted) window.__clickBench.click ??= event.timeStamp; }, true);
navigation.addEventListener('navigate', () => { window.__clickBench.navigation ??= performance.now(); });
`;

function clickPage(url: URL): string {
  const tag = url.searchParams.get('tag') ?? '';
  const src = url.searchParams.get('src') ?? '';
  const answerAfter = Number(url.searchParams.get('answer-after'));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>click</title>
<script>${RECORDER}</script><script type="module" src="${src}"></script></head>
<body><${tag} endpoint="/api/checkout?answer-after=${answerAfter}" ${BUTTON_ATTRIBUTES}></${tag}></body></html>`;
}

interface ClickSample {
  /** click → fetch's requestStart in Resource Timing: the request handed to the socket, on the page's clock. */
  clickToRequestStartMs: number;
  /** click → the request's headers reaching the endpoint, server clock mapped onto the page's. */
  clickToEndpointMs: number;
  /** Resource Timing responseEnd → the navigate event, i.e. the handling of the reply up to location.assign. */
  answerToAssignMs: number;
}

const COLLECT = `(() => {
  const entry = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname == '/api/checkout');
  return { ...window.__clickBench, timeOrigin: performance.timeOrigin,
    requestStart: entry && entry.requestStart, fetchStart: entry && entry.fetchStart, responseEnd: entry && entry.responseEnd };
})()`;

async function sampleClick(browser: Browser, server: PageServer, variant: ButtonVariant, answerAfterMs: number): Promise<ClickSample> {
  const page = await browser.newPage();
  try {
    const query = new URLSearchParams({ tag: variant.tag, src: variant.scriptPath, 'answer-after': String(answerAfterMs) });
    await page.goto(`${server.origin}/click?${query}`);
    const button = page.locator(`${variant.tag} button`);
    await button.waitFor({ state: 'visible' });
    const checkout = server.nextCheckout();
    const landing = server.nextLanding();
    await button.click();
    const arrival = await checkout;
    await landing;
    await page.waitForFunction('window.__clickBench.navigation !== undefined');
    const marks = (await page.evaluate(COLLECT)) as {
      click: number;
      navigation: number;
      timeOrigin: number;
      requestStart: number;
      responseEnd: number;
    };
    for (const [name, value] of Object.entries(marks)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`click bench: no ${name} mark for ${variant.name}`);
    }
    return {
      clickToRequestStartMs: marks.requestStart - marks.click,
      clickToEndpointMs: arrival.arrivedAt - marks.timeOrigin - marks.click,
      answerToAssignMs: marks.navigation - marks.responseEnd,
    };
  } finally {
    await page.close();
  }
}

export interface ClickLatencyReport {
  figures: Figure[];
  /** Each budgeted ratio's 95% bootstrap interval, by figure. */
  intervals: Record<string, [number, number]>;
  details: Record<string, unknown>;
}

export async function measureClickLatency(
  browser: Browser,
  runs: number,
  variants: ButtonVariant[],
): Promise<ClickLatencyReport> {
  const server = await startPageServer({
    scripts: scriptsOf(variants),
    page: (url) => (url.pathname === '/click' ? clickPage(url) : undefined),
  });
  const samples: Record<string, ClickSample[]> = {};
  try {
    for (let run = 0; run < runs; run += 1) {
      for (const answerAfter of [ANSWER_AFTER_MS, ANSWER_AT_ONCE_MS]) {
        for (const variant of run % 2 === 0 ? variants : [...variants].reverse()) {
          (samples[`${variant.name}/${answerAfter}`] ??= []).push(await sampleClick(browser, server, variant, answerAfter));
        }
      }
    }
  } finally {
    await server.close();
  }
  /** One variant's samples for the given answer delays, as one figure each. */
  const pooled = (variant: string, delays: number[], pick: (sample: ClickSample) => number) =>
    delays.flatMap((delay) => samples[`${variant}/${delay}`]!.map(pick));
  const intervals: Record<string, [number, number]> = {};
  const beside = (figure: string, pick: (sample: ClickSample) => number, budgeted: boolean, delays: number[]): Figure => {
    const [values, floors] = [pooled('element', delays, pick), pooled('floor', delays, pick)];
    const row: Figure = { figure, value: median(values), unit: 'ms', baselines: [{ value: median(floors), label: 'vanilla floor' }] };
    if (budgeted) {
      row.budget = { text: `≤ ${MAX_VS_VANILLA}× vanilla`, pass: ratioAgainst(row, 'vanilla floor') <= MAX_VS_VANILLA };
      intervals[figure] = medianRatioInterval(values, floors);
    }
    return row;
  };
  // The request leaves before the endpoint answers, so the answer's delay cannot change it: both sets count.
  const beforeTheAnswer = [ANSWER_AFTER_MS, ANSWER_AT_ONCE_MS];
  return {
    figures: [
      beside('click → request on the wire (requestStart)', (s) => s.clickToRequestStartMs, true, beforeTheAnswer),
      beside('click → request at the endpoint (server clock)', (s) => s.clickToEndpointMs, false, beforeTheAnswer),
      beside(`endpoint answer → location.assign (answered after ${ANSWER_AFTER_MS} ms)`, (s) => s.answerToAssignMs, true, [ANSWER_AFTER_MS]),
      beside('endpoint answer → location.assign (answered at once, over the busy render)', (s) => s.answerToAssignMs, false, [ANSWER_AT_ONCE_MS]),
    ],
    intervals,
    details: {
      runs,
      method:
        'playwright locator.click() (CDP input, so isTrusted); click = the trusted click event.timeStamp; ' +
        'requestStart/responseEnd from Resource Timing; endpoint arrival = server performance.timeOrigin + now() ' +
        'minus the page performance.timeOrigin (same machine clock); location.assign = the Navigation API navigate ' +
        'event (fired synchronously by it), the landing URL answers 204 so the page survives to report; the ' +
        `endpoint answers ${ANSWER_AFTER_MS} ms after the request (budgeted rows) and at once (the "at once" row); ` +
        'samples are keyed variant/answer delay in ms; the click → request rows count both delays; intervals are ' +
        "each budgeted ratio's 95% bootstrap interval",
      answerAfterMs: ANSWER_AFTER_MS,
      intervals,
      samples,
    },
  };
}
