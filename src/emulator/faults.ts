/**
 * Fault switches for tests: they change how the emulator answers its API (`/api/v1/*`),
 * never the hosted page, so a test can see how a client copes with a bad Payfect.
 */
export interface FaultSettings {
  /** Wait this long before answering (honours the request's abort signal). */
  delayMs?: number;
  /** Answer with this status and a `{ detail }` body instead of doing the work, e.g. 500 or 503. */
  status?: number;
  /** Answer 201 with a body that is not the checkout: `true` or `'truncated'` is cut-off JSON, `'wrong-shape'` is valid JSON of the wrong shape. */
  malformed?: boolean | 'truncated' | 'wrong-shape';
  /** Answer 401 whatever key is sent, as if the key had been revoked. */
  unauthorized?: boolean;
  /** Apply to this many API requests, then clear themselves; unlimited when omitted. */
  times?: number;
}

export interface FaultSwitches {
  /** Replaces the current faults. */
  set(settings: FaultSettings): void;
  clear(): void;
  /** The faults in force right now. */
  readonly current: Readonly<FaultSettings>;
}

export class Faults implements FaultSwitches {
  #settings: FaultSettings = {};
  #remaining = Infinity;

  set(settings: FaultSettings): void {
    if (settings.delayMs !== undefined && !(settings.delayMs >= 0)) {
      throw new RangeError(`delayMs must be a non-negative number, got ${settings.delayMs}`);
    }
    if (settings.status !== undefined && !(Number.isInteger(settings.status) && settings.status >= 400 && settings.status <= 599)) {
      throw new RangeError(`status must be an HTTP error status (400-599), got ${settings.status}`);
    }
    this.#settings = { ...settings };
    this.#remaining = settings.times ?? Infinity;
  }

  clear(): void {
    this.#settings = {};
    this.#remaining = Infinity;
  }

  get current(): Readonly<FaultSettings> {
    return this.#settings;
  }

  /** The faults for one API request, counting it against `times`. */
  take(): FaultSettings {
    if (this.#remaining <= 0) return {};
    const settings = this.#settings;
    if (Object.keys(settings).length === 0) return settings;
    this.#remaining -= 1;
    if (this.#remaining <= 0) this.clear();
    return settings;
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when the caller gives up first. */
export function delay(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
