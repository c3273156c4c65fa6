// Stores that stall as a hung Redis does, and a mocked clock to wait on them: for the tests of the one store layer.
import { createHook } from 'node:async_hooks';
import type { TestContext } from 'node:test';
import {
  MemoryCompletionStore,
  MemoryIdempotencyStore,
  type CompletionStore,
  type IdempotencyStore,
} from '../../src/server/index.js';

/** A promise with its resolve at hand: a gate a test opens when it chooses. */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** One turn of the real event loop, for what the mocked clock does not drive (crypto, streams). */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Native jobs in flight (WebCrypto's digest, HMAC, AES): a mocked clock must stand still until they are done. */
const nativeJobs = new Set<number>();
createHook({
  init: (id, type) => void (type.endsWith('REQUEST') && nativeJobs.add(id)),
  after: (id) => void nativeJobs.delete(id),
  destroy: (id) => void nativeJobs.delete(id),
}).enable();

/** Turns the event loop until no native job is in flight and a few turns passed quietly: what runs outside the clock has settled. */
export async function settleOutsideWork(): Promise<void> {
  for (let quiet = 0; quiet < 3; ) {
    await turn();
    quiet = nativeJobs.size === 0 ? quiet + 1 : 0;
  }
}

/** Resolves once `condition` holds, turning the event loop (never the clock); throws after a bounded number of turns. */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let rounds = 0; rounds < 1_000; rounds++) {
    if (condition()) return;
    await settleOutsideWork();
  }
  throw new Error(`gave up waiting for ${what}`);
}

/**
 * With `t.mock.timers` on (setTimeout and Date), advances the clock in `stepMs` steps until
 * `work` settles or `forMs` of mocked time have passed; answers whether it settled.
 */
export async function settlesWithin(t: TestContext, work: Promise<unknown>, forMs: number, stepMs = 50): Promise<boolean> {
  let settled = false;
  work.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let elapsed = 0; ; elapsed += stepMs) {
    // Between two ticks, let whatever the clock does not drive (crypto, streams) move on.
    await settleOutsideWork();
    if (settled) return true;
    if (elapsed >= forMs) return false;
    t.mock.timers.tick(stepMs);
  }
}

/**
 * Reserves that run as a stopped redis-server runs them: while paused, a reserve is held and
 * done only on `resume()`, its answer arriving then. It counts the reserves asked for, and
 * lists the tokens released.
 */
export class PausableReserve {
  readonly releases: string[] = [];
  reserves = 0;
  #paused: ReturnType<typeof gate> | undefined;

  pause(): void {
    this.#paused = gate();
  }

  resume(): void {
    this.#paused?.open();
    this.#paused = undefined;
  }

  async reserve<T>(run: () => T | Promise<T>): Promise<T> {
    this.reserves++;
    const paused = this.#paused;
    if (paused !== undefined) await paused.opened;
    return run();
  }
}

/** A memory completion store whose reserves can be paused. */
export function pausableCompletionStore(memory = new MemoryCompletionStore({ now: () => Date.now() })) {
  const pausable = new PausableReserve();
  const store: CompletionStore = {
    reserve: (id, leaseMs) => pausable.reserve(() => memory.reserve(id, leaseMs)),
    renew: (id, token, leaseMs) => memory.renew(id, token, leaseMs),
    complete: (id, token, ttlMs) => memory.complete(id, token, ttlMs),
    release: (id, token) => (pausable.releases.push(token), memory.release(id, token)),
    isCompleted: (id) => memory.isCompleted(id),
  };
  return { store, memory, pausable };
}

/** A memory idempotency store whose reserves can be paused. */
export function pausableIdempotencyStore(memory = new MemoryIdempotencyStore({ now: () => Date.now() })) {
  const pausable = new PausableReserve();
  const store: IdempotencyStore = {
    reserve: (key, fingerprint, leaseMs) => pausable.reserve(() => memory.reserve(key, fingerprint, leaseMs)),
    renew: (key, token, leaseMs) => memory.renew(key, token, leaseMs),
    complete: (key, token, value, ttlMs) => memory.complete(key, token, value, ttlMs),
    release: (key, token) => (pausable.releases.push(token), memory.release(key, token)),
  };
  return { store, memory, pausable };
}
