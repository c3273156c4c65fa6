// Fills one in-memory store with N distinct keys in a fresh process (run with --expose-gc), timing every operation
// and weighing the heap after a full collection, then reports to the parent over IPC.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { MemoryIdempotencyStore, MemoryRateLimitStore, type StoredCheckout } from '../src/server/index.js';
import { percentile } from './statistics.js';

export type StoreName = 'rate-limit' | 'idempotency';

export interface StoreProbeResult {
  store: StoreName;
  keys: number;
  heapAddedBytes: number;
  p50Us: number;
  p99Us: number;
  /** Entries the store holds after the last key. */
  size: number;
  cap: number;
}

const WINDOW_MS = 60_000;
const TTL_MS = 600_000;
const LEASE_MS = 20_000;

function collectGarbage(): void {
  if (typeof globalThis.gc !== 'function') throw new Error('store-probe needs node --expose-gc');
  globalThis.gc();
  globalThis.gc();
}

/** An IPv4 address per index: what the rate limiter keys on behind the Node adapter. */
function clientAddress(index: number): string {
  return `${(index >>> 24) & 255}.${(index >>> 16) & 255}.${(index >>> 8) & 255}.${index & 255}`;
}

/** A remembered checkout as the handler stores it: a body fingerprint and the browser's session. */
function storedCheckout(index: number): StoredCheckout {
  const id = `chk_${index.toString(36).padStart(12, '0')}`;
  return {
    fingerprint: index.toString(16).padStart(64, '0'),
    session: {
      id,
      url: `https://payfect.finance/checkouts/${id}`,
      status: 'open',
      amountTotal: '20.50',
      currency: 'usdt',
      expiresAt: '2026-11-25T04:00:00.000Z',
      isLivemode: false,
    },
  };
}

function probe(store: StoreName, keys: number): StoreProbeResult {
  const timings = new Float64Array(keys);
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  let size: () => number;
  let cap: number;
  if (store === 'rate-limit') {
    const limiter = new MemoryRateLimitStore();
    [size, cap] = [() => limiter.size, limiter.maxKeys];
    for (let index = 0; index < keys; index += 1) {
      const key = clientAddress(index);
      const start = performance.now();
      limiter.hit(key, WINDOW_MS);
      timings[index] = performance.now() - start;
    }
  } else {
    const checkouts = new MemoryIdempotencyStore();
    [size, cap] = [() => checkouts.size, checkouts.maxEntries];
    for (let index = 0; index < keys; index += 1) {
      const key = randomUUID();
      const value = storedCheckout(index);
      // The handler reserves a key, then stores what it created: one purchase is both.
      const start = performance.now();
      const reservation = checkouts.reserve(key, value.fingerprint, LEASE_MS);
      if (reservation.state === 'reserved') checkouts.complete(key, reservation.token, value, TTL_MS);
      timings[index] = performance.now() - start;
    }
  }
  collectGarbage();
  const heapAddedBytes = process.memoryUsage().heapUsed - before;
  return {
    store,
    keys,
    heapAddedBytes,
    p50Us: percentile(timings, 50) * 1000,
    p99Us: percentile(timings, 99) * 1000,
    size: size(),
    cap,
  };
}

const [store, keys] = [process.argv[2] as StoreName, Number(process.argv[3])];
if (store !== 'rate-limit' && store !== 'idempotency') throw new Error(`store-probe: unknown store ${String(store)}`);
process.send?.(probe(store, keys), () => process.disconnect?.());
