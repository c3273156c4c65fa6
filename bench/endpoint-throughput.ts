// Session endpoint throughput on Node through the Node adapter, beside the same checkout written by hand on Express
// and on raw node:http (Payfect's reply replayed in each), and beside raw node:http doing only the JSON parse and
// schema check: same body, same 50 connections, autocannon in this process and each server in its own.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import autocannon, { type Result } from 'autocannon';
import { wireBody } from '../test/server/checkout-fixtures.js';
import type { Figure } from './report.js';
import type { EndpointUnderTest } from './endpoint-server.js';

const CONNECTIONS = 50;
/** DESIGN.md's budget: at least 0.8× of the same checkout by hand on raw node:http. */
const MIN_SAME_WORK_RATIO = 0.8;

/** What the button sends for one Standard Plan: DESIGN.md's wire example, as the server tests use it. */
export const CHECKOUT_BODY = JSON.stringify(wireBody());

export interface LoadSettings {
  warmupSeconds: number;
  durationSeconds: number;
}

interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
}

async function startServer(mode: EndpointUnderTest): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(new URL('./endpoint-server.ts', import.meta.url), [mode], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`endpoint-server ${mode} exited with ${String(code)} before listening`);
    }),
  ])) as [{ port: number }];
  return { child, url: `http://127.0.0.1:${message.port}/api/checkout` };
}

async function load(url: string, durationSeconds: number): Promise<Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: durationSeconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: CHECKOUT_BODY,
  });
}

async function measure(mode: EndpointUnderTest, settings: LoadSettings): Promise<LoadResult> {
  const { child, url } = await startServer(mode);
  try {
    // A first answer proves the server does the real work (200 with a checkout), not a fast error.
    const probe = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: CHECKOUT_BODY });
    if (probe.status !== 200) throw new Error(`${mode} answered ${probe.status}: ${await probe.text()}`);
    await load(url, settings.warmupSeconds);
    const result = await load(url, settings.durationSeconds);
    if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
      throw new Error(
        `${mode}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers under load`,
      );
    }
    return {
      requestsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      total: result.requests.total,
    };
  } finally {
    child.kill();
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  }
}

function meanOf(first: LoadResult, second: LoadResult): LoadResult {
  const mean = (pick: (result: LoadResult) => number) => (pick(first) + pick(second)) / 2;
  return {
    requestsPerSecond: mean((result) => result.requestsPerSecond),
    p50Ms: mean((result) => result.p50Ms),
    p99Ms: mean((result) => result.p99Ms),
    total: first.total + second.total,
  };
}

export interface ThroughputReport {
  figures: Figure[];
  details: Record<string, unknown>;
}

export async function measureEndpointThroughput(settings: LoadSettings): Promise<ThroughputReport> {
  // The ceiling runs before and after, so load from elsewhere on a shared machine lands on both sides of the ratio.
  const ceilingBefore = await measure('ceiling', settings);
  const endpoint = await measure('session-endpoint', settings);
  const cannedPayfect = await measure('session-endpoint-canned-payfect', settings);
  const express = await measure('express-same-work', settings);
  const sameWork = await measure('same-work', settings);
  const ceilingAfter = await measure('ceiling', settings);
  const ceiling = meanOf(ceilingBefore, ceilingAfter);
  const label = 'raw node:http ceiling';
  const vsExpress = cannedPayfect.requestsPerSecond / express.requestsPerSecond;
  const vsRaw = cannedPayfect.requestsPerSecond / sameWork.requestsPerSecond;
  return {
    figures: [
      // DESIGN's budgets: the same checkout by hand, Payfect's reply replayed in each, so only the server's work counts.
      {
        figure: 'endpoint: throughput beside Express doing the same checkout (reply replayed)',
        value: cannedPayfect.requestsPerSecond,
        unit: 'req/s',
        baselines: [{ value: express.requestsPerSecond, label: 'Express by hand, same checkout' }],
        budget: { text: '> 1× (ahead of Express)', pass: vsExpress > 1 },
      },
      {
        figure: 'endpoint: throughput beside raw node:http doing the same checkout (reply replayed)',
        value: cannedPayfect.requestsPerSecond,
        unit: 'req/s',
        baselines: [{ value: sameWork.requestsPerSecond, label: 'raw node:http by hand, same checkout' }],
        budget: { text: `≥ ${MIN_SAME_WORK_RATIO}× raw`, pass: vsRaw >= MIN_SAME_WORK_RATIO },
      },
      {
        figure: 'endpoint: latency p99 beside Express, same checkout (reply replayed)',
        value: cannedPayfect.p99Ms,
        unit: 'ms',
        baselines: [{ value: express.p99Ms, label: 'Express by hand, same checkout' }],
      },
      {
        figure: 'endpoint: latency p99 beside raw node:http, same checkout (reply replayed)',
        value: cannedPayfect.p99Ms,
        unit: 'ms',
        baselines: [{ value: sameWork.p99Ms, label: 'raw node:http by hand, same checkout' }],
      },
      // Not budgets: the whole path with the emulator in-process, and the floor of any JSON endpoint.
      {
        figure: `endpoint: throughput with the emulator, ${CONNECTIONS} connections`,
        value: endpoint.requestsPerSecond,
        unit: 'req/s',
        baselines: [{ value: ceiling.requestsPerSecond, label }],
      },
      { figure: 'endpoint: latency p50 with the emulator', value: endpoint.p50Ms, unit: 'ms', baselines: [{ value: ceiling.p50Ms, label }] },
      { figure: 'endpoint: latency p99 with the emulator', value: endpoint.p99Ms, unit: 'ms', baselines: [{ value: ceiling.p99Ms, label }] },
    ],
    details: {
      connections: CONNECTIONS,
      ...settings,
      settings:
        'createCheckoutHandler via toNodeListener on 127.0.0.1, fetch = createEmulator().fetch in the same process; ' +
        'rateLimit: false (50 connections share one address); idempotency on with its default in-memory store, ' +
        'but no Idempotency-Key header is sent, so every request creates a checkout; autocannon runs in the bench ' +
        'process, each server in its own forked process; "reply replayed" answers every Payfect call with ' +
        "the emulator's first real reply, so only the server's own work remains; the Express and raw baselines do the " +
        'same checkout by hand (schema check, catalog price, Payfect call, reply check, summary) with none of the ' +
        "handler's safety rules",
      ceiling: { mean: ceiling, before: ceilingBefore, after: ceilingAfter },
      endpoint,
      cannedPayfect,
      express,
      sameWork,
      ratioToExpress: vsExpress,
      ratioToRaw: vsRaw,
    },
  };
}
