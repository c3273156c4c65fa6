// The cost of the in-memory rate-limit and idempotency stores at 10k and 1M distinct keys, each filled in its
// own process so one run's garbage never weighs on the next, and proof that both stay at their cap.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import type { Figure } from './report.js';
import type { StoreName, StoreProbeResult } from './store-probe.js';

const KEY_COUNTS = [10_000, 1_000_000] as const;
const LABELS: Record<StoreName, string> = { 'rate-limit': 'rate limit', idempotency: 'idempotency' };

async function runProbe(store: StoreName, keys: number): Promise<StoreProbeResult> {
  const child = fork(new URL('./store-probe.ts', import.meta.url), [store, String(keys)], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const result = new Promise<StoreProbeResult>((resolve) => child.once('message', (message) => resolve(message as StoreProbeResult)));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`store-probe ${store} ${keys} exited with ${String(code)}`);
  return result;
}

export interface StoreCostReport {
  figures: Figure[];
  details: Record<string, unknown>;
  /** Heap bytes per kept entry, from the 10k run: the multiplier for sizing a process. */
  bytesPerEntry: Record<StoreName, number>;
}

export async function measureStoreCost(): Promise<StoreCostReport> {
  const figures: Figure[] = [];
  const details: Record<string, StoreProbeResult> = {};
  const bytesPerEntry = {} as Record<StoreName, number>;
  for (const store of ['rate-limit', 'idempotency'] as const) {
    const [small, large] = [await runProbe(store, KEY_COUNTS[0]), await runProbe(store, KEY_COUNTS[1])];
    details[`${store}/${small.keys}`] = small;
    details[`${store}/${large.keys}`] = large;
    bytesPerEntry[store] = small.heapAddedBytes / small.size;
    const label = LABELS[store];
    const vsSmall = (value: number) => ({ value, label: '10k keys' });
    figures.push(
      { figure: `store: ${label}, 10k keys, heap added`, value: small.heapAddedBytes, unit: 'bytes' },
      {
        figure: `store: ${label}, 1M keys, heap added`,
        value: large.heapAddedBytes,
        unit: 'bytes',
        baselines: [vsSmall(small.heapAddedBytes)],
        // 100× the keys; a bounded store stays within its Map's growth slack of the 10k heap.
        budget: { text: 'bounded: ≤ 2× the 10k heap', pass: large.heapAddedBytes <= small.heapAddedBytes * 2 },
      },
      {
        figure: `store: ${label}, 1M keys, entries kept`,
        value: large.size,
        unit: 'keys',
        budget: { text: `≤ cap (${large.cap.toLocaleString('en-US')})`, pass: large.size <= large.cap },
      },
      { figure: `store: ${label}, 10k keys, p99 per operation`, value: small.p99Us, unit: 'µs' },
      {
        figure: `store: ${label}, 1M keys, p99 per operation`,
        value: large.p99Us,
        unit: 'µs',
        baselines: [vsSmall(small.p99Us)],
      },
    );
  }
  return {
    figures,
    bytesPerEntry,
    details: {
      method:
        'default in-memory stores (their default caps), one fresh process per run with --expose-gc; heap = ' +
        'process.memoryUsage().heapUsed after two gc() calls, before vs after; rate limit: one hit() per distinct IPv4 ' +
        'address; idempotency: reserve() + complete() per distinct UUID key with a fingerprint and a full session',
      ...details,
    },
  };
}
