import { CheckoutError } from '../checkout-error.js';
import type { Report } from '../reporting.js';
import { callStore } from './store-calls.js';

/** How long a reservation lasts unless its holder renews it: a holder that crashed blocks its id this long at most. */
export const LEASE_MS = 30_000;
/** While the guarded code runs, its holder renews the lease this often (and sooner after a failed renewal). */
const RENEW_EVERY_MS = LEASE_MS / 3;
/** The back-off of every wait on the store: polling another holder, retrying a renewal or a record. */
const FIRST_PAUSE_MS = 20;
const MAX_PAUSE_MS = 500;
/** A holder whose code succeeded but could not record it keeps its lease and retries this long, so no copy redoes the work. */
const RECORD_FOR_MS = 10 * LEASE_MS;

/** What a store's reserve answered, as far as the engine must know: a token when it reserved. */
export interface StoreReservation {
  readonly state: string;
  readonly token?: string;
}

/** What a reserve means for this run. */
export type Claim<T> =
  /** This run holds the lease: it runs the code, then completes or releases. */
  | { state: 'reserved'; token: string }
  /** The code ran before: its result. */
  | { state: 'done'; value: T }
  /** Another holder's live lease: wait, then ask again. */
  | { state: 'held' }
  /** The id is taken for something else (another body): stop with this error. */
  | { state: 'refused'; error: CheckoutError };

/** The claim of a copy that must wait for another holder. */
export const HELD: Claim<never> = Object.freeze({ state: 'held' });

/** One store seen through one id (and body): the four calls the engine makes, and how to read a reservation. */
export interface Lease<T, R extends StoreReservation> {
  reserve(leaseMs: number): R | Promise<R>;
  claim(reservation: R): Claim<T>;
  renew(token: string, leaseMs: number): boolean | Promise<boolean>;
  complete(token: string, value: T): void | Promise<void>;
  release(token: string): void | Promise<void>;
}

/** The result of a run, and whether it was this run's code that produced it. */
export interface Outcome<T> {
  value: T;
  replayed: boolean;
}

export interface LeaseEngineOptions {
  /** Named in `store_unavailable` messages, such as 'completion store'. */
  storeName: string;
  /** The time limit of each store call. */
  storeTimeoutMs: number;
  /** How long a copy waits for another holder before it gives up with `busy()`. */
  waitMs: number;
  busy: () => CheckoutError;
}

/**
 * Runs a piece of code at most once per id across every instance sharing a store, for
 * idempotency and for fulfilment alike: reserve → run → complete, or release on failure.
 * A copy that finds another holder polls with back-off; the holder renews its lease for
 * as long as its code runs; every store call has one time limit and one failure policy.
 */
export class LeaseEngine<T> {
  readonly #options: LeaseEngineOptions;
  /** Bounded by the requests in flight: an entry lives exactly as long as its run. */
  readonly #inFlight = new Map<string, Promise<Outcome<T>>>();

  constructor(options: LeaseEngineOptions) {
    this.#options = options;
  }

  /** Copies with the same key (an id and its body) in this process share one run; the ones that joined get it as a replay. */
  share(key: string, start: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
    const running = this.#inFlight.get(key);
    if (running !== undefined) return running.then(asReplay);
    const run = start();
    this.#inFlight.set(key, run);
    const forget = () => this.#inFlight.delete(key);
    run.then(forget, forget);
    return run;
  }

  /** Reserves the lease (waiting for another holder), then runs `work` under it; or answers the result stored before. */
  async hold<R extends StoreReservation>(lease: Lease<T, R>, work: () => Promise<T>, report: Report): Promise<Outcome<T>> {
    const giveUpAt = Date.now() + this.#options.waitMs;
    const pauses = new BackOff();
    for (;;) {
      const reservation = await this.#call('reserve', () => lease.reserve(LEASE_MS), (late) => {
        // The store took the reservation after this run gave up on it: no one holds that token, so give it back.
        if (late.state === 'reserved' && typeof late.token === 'string') void this.#release(lease, late.token, report);
      });
      const claim = lease.claim(reservation);
      if (claim.state === 'reserved') return { value: await this.#run(lease, claim.token, work, report), replayed: false };
      if (claim.state === 'done') return { value: claim.value, replayed: true };
      if (claim.state === 'refused') throw claim.error;
      const pause = pauses.next();
      if (Date.now() + pause > giveUpAt) throw this.#options.busy();
      await sleep(pause);
    }
  }

  async #run<R extends StoreReservation>(lease: Lease<T, R>, token: string, work: () => Promise<T>, report: Report): Promise<T> {
    const keeper = new LeaseKeeper(() => this.#call('renew', () => lease.renew(token, LEASE_MS)), this.#options.storeName, report);
    let value: T;
    try {
      value = await work();
    } catch (error) {
      keeper.stop();
      await this.#release(lease, token, report);
      throw error;
    }
    try {
      await this.#call('complete', () => lease.complete(token, value));
      keeper.stop();
    } catch (storeError) {
      // The code ran and cannot be undone; a 5xx would invite a second run, so the answer stands and recording goes on.
      report(storeError as CheckoutError);
      void this.#record(lease, token, value, keeper, report);
    }
    return value;
  }

  /** Retries `complete` with back-off, the lease still renewed, until the store takes it or RECORD_FOR_MS have passed. */
  async #record<R extends StoreReservation>(
    lease: Lease<T, R>,
    token: string,
    value: T,
    keeper: LeaseKeeper,
    report: Report,
  ): Promise<void> {
    const giveUpAt = Date.now() + RECORD_FOR_MS;
    const pauses = new BackOff();
    let lastError: unknown;
    while (Date.now() < giveUpAt) {
      await new Promise<void>((resolve) => backgroundTimer(resolve, pauses.next()));
      try {
        await this.#call('complete', () => lease.complete(token, value));
        keeper.stop();
        return;
      } catch (storeError) {
        lastError = storeError;
      }
    }
    keeper.stop();
    report(lastError as CheckoutError);
  }

  /** Gives a reservation back; a failure is reported (the lease still lapses by itself), never thrown over the first error. */
  async #release<R extends StoreReservation>(lease: Lease<T, R>, token: string, report: Report): Promise<void> {
    try {
      await this.#call('release', () => lease.release(token));
    } catch (storeError) {
      report(storeError as CheckoutError);
    }
  }

  #call<A>(operation: string, call: () => A | PromiseLike<A>, late?: (answer: A) => void): Promise<A> {
    return callStore(this.#options.storeName, operation, this.#options.storeTimeoutMs, call, late);
  }
}

/** Renews a lease while its holder works: every third of the lease, and with back-off after a failure. */
class LeaseKeeper {
  readonly #renew: () => Promise<boolean>;
  readonly #storeName: string;
  readonly #report: Report;
  readonly #pauses = new BackOff();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #failing = false;

  /** `renew` answers whether the lease is still this holder's. */
  constructor(renew: () => Promise<boolean>, storeName: string, report: Report) {
    this.#renew = renew;
    this.#storeName = storeName;
    this.#report = report;
    this.#schedule(RENEW_EVERY_MS);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #schedule(delayMs: number): void {
    this.#timer = backgroundTimer(() => void this.#renewOnce(), delayMs);
  }

  async #renewOnce(): Promise<void> {
    let held: boolean;
    try {
      held = await this.#renew();
    } catch (storeError) {
      if (this.#stopped) return;
      // One report per outage, not one per retry.
      if (!this.#failing) this.#report(storeError as CheckoutError);
      this.#failing = true;
      this.#schedule(this.#pauses.next());
      return;
    }
    if (this.#stopped) return;
    if (!held) {
      // Nothing can take the lease back; the merchant hears that a copy may have run the same code.
      this.#report(
        new CheckoutError('store_unavailable', `The ${this.#storeName} lost this run's lease while its code ran; another copy may run it too.`),
      );
      return;
    }
    this.#failing = false;
    this.#pauses.reset();
    this.#schedule(RENEW_EVERY_MS);
  }
}

/** Doubling pauses from FIRST_PAUSE_MS, at most MAX_PAUSE_MS. */
class BackOff {
  #next = FIRST_PAUSE_MS;

  next(): number {
    const pause = this.#next;
    this.#next = Math.min(pause * 2, MAX_PAUSE_MS);
    return pause;
  }

  reset(): void {
    this.#next = FIRST_PAUSE_MS;
  }
}

/** A timer no answer waits on (renewal, recording): it must not keep a process alive, such as a test run's. */
function backgroundTimer(callback: () => void, ms: number): ReturnType<typeof setTimeout> {
  const timer = setTimeout(callback, ms);
  // Node and Bun timers have unref(); where setTimeout returns a number there is nothing to keep alive.
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function asReplay<T>(outcome: Outcome<T>): Outcome<T> {
  return { value: outcome.value, replayed: true };
}
