import { CheckoutError } from '../checkout-error.js';
import { withinTimeLimit } from './time-limit.js';

/** The time limit of a store call when the store names none of its own. */
export const STORE_TIME_LIMIT_MS = 2_000;

/** A store may name the time limit of its calls (the Redis stores take it from `createRedisStores`). */
export interface TimeLimitedStore {
  readonly timeoutMs?: number;
}

/** A store given in the options must have every method the lease engine calls; a missing one is a TypeError now, not a 503 later. */
export function checkStoreMethods(store: object, option: string, methods: readonly string[]): void {
  const missing = methods.filter((method) => typeof (store as Record<string, unknown>)[method] !== 'function');
  if (missing.length > 0) {
    throw new TypeError(`payfect-checkout: \`${option}\` has no ${missing.map((method) => `${method}()`).join(', ')}; a store needs ${methods.join(', ')}`);
  }
}

export function storeTimeLimit(store: TimeLimitedStore): number {
  const own = store.timeoutMs;
  return typeof own === 'number' && Number.isFinite(own) && own > 0 ? own : STORE_TIME_LIMIT_MS;
}

/**
 * Every store call, memory, Redis or custom, goes through here: it settles within the
 * store's time limit, and a throw, a rejection or a timeout is 503 `store_unavailable`.
 * A call that answers after its limit is handed to `late`, so what it did is not lost
 * (a reserve gives its token back there).
 */
export async function callStore<T>(
  storeName: string,
  operation: string,
  timeoutMs: number,
  call: () => T | PromiseLike<T>,
  late?: (answer: T) => void,
): Promise<T> {
  const failed = (cause: unknown) => new CheckoutError('store_unavailable', `The ${storeName} failed to ${operation}.`, { cause });
  let called: T | PromiseLike<T>;
  try {
    called = call();
  } catch (error) {
    throw failed(error);
  }
  // A store that answered at once (the in-memory ones) needs no timer.
  if (!isThenable(called)) return called;
  const answer = Promise.resolve(called);
  let timedOut = false;
  try {
    return await withinTimeLimit(answer, timeoutMs, () => {
      timedOut = true;
      return new CheckoutError('store_unavailable', `The ${storeName} did not answer ${operation} within ${timeoutMs} ms.`);
    });
  } catch (error) {
    if (!timedOut) throw failed(error);
    if (late !== undefined) answer.then(late, () => undefined);
    throw error;
  }
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as PromiseLike<T>).then === 'function';
}
