// Test doubles for <payfect-checkout-status>: a status endpoint stubbed through the element's public
// `fetch` property, and a clock that the element's `pause(ms, signal)` seam runs on, so the back-off
// schedule and the timeout are checked in virtual time, never by sleeping.
import { PayfectCheckoutStatus } from '../../src/index.js';
import type { CheckoutStatus } from '../../src/shared/checkout-status.js';

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A 200 answer of the status endpoint. */
export const answer = (id: string, status: CheckoutStatus['status'], fulfilled = false) => json(200, { id, status, fulfilled });

/** The status endpoint's 404 for an id Payfect does not know. */
export const notFound = () => json(404, { error: { code: 'checkout_not_found', message: 'No such checkout' } });

export interface StatusRequest {
  url: URL;
  init: RequestInit;
  /** The test clock's time when the request went out. */
  at: number;
}

/** A fake `fetch` that records each request, then answers with `reply(request, index)`. */
export function statusEndpoint(reply: (request: StatusRequest, index: number) => Response | Promise<Response>, clock?: TestClock) {
  const requests: StatusRequest[] = [];
  let sent: (() => void) | undefined;
  const fetch = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const request = { url: new URL(String(input)), init, at: clock?.now ?? 0 };
    requests.push(request);
    sent?.();
    return Promise.resolve(reply(request, requests.length - 1));
  };
  /** Resolves with the request numbered `index` (from 0) once it is sent. */
  const request = async (index: number): Promise<StatusRequest> => {
    while (requests.length <= index) await new Promise<void>((resolve) => (sent = resolve));
    return requests[index]!;
  };
  return { fetch, requests, request };
}

/** An answer that never comes, except as the AbortError of the request's signal. */
export const hung = ({ init }: StatusRequest) =>
  new Promise<Response>((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)));

interface Timer {
  at: number;
  ms: number;
  signal: AbortSignal;
  fire: () => void;
}

/** Virtual time: pauses wait until the test fires them, earliest first. */
export class TestClock {
  now = 0;
  readonly timers: Timer[] = [];
  #added: (() => void) | undefined;

  pause(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const timer: Timer = { at: this.now + ms, ms, signal, fire: resolve };
      const cancel = () => {
        this.timers.splice(this.timers.indexOf(timer), 1);
        resolve();
      };
      this.timers.push(timer);
      signal.addEventListener('abort', cancel, { once: true });
      timer.fire = () => {
        signal.removeEventListener('abort', cancel);
        resolve();
      };
      this.#added?.();
    });
  }

  /** Resolves once `count` pauses are pending: the element registers them after its own async steps. */
  async pending(count: number): Promise<void> {
    while (this.timers.length < count) await new Promise<void>((resolve) => (this.#added = resolve));
  }

  /** Moves the clock to the earliest pending pause and ends it; returns that pause. */
  fireNext(): Timer {
    const next = this.timers.reduce((earliest, timer) => (timer.at < earliest.at ? timer : earliest));
    this.timers.splice(this.timers.indexOf(next), 1);
    this.now = next.at;
    next.fire();
    return next;
  }
}

/** Resolves once `signal` has aborted: the element has stopped asking. */
export const stopped = (signal: AbortSignal) =>
  new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve())));

/** The real element, with its pauses on a TestClock. */
export class ClockedCheckoutStatus extends PayfectCheckoutStatus {
  readonly clock = new TestClock();
  protected override pause(ms: number, signal: AbortSignal): Promise<void> {
    return this.clock.pause(ms, signal);
  }
}
customElements.define('clocked-checkout-status', ClockedCheckoutStatus);

declare global {
  interface HTMLElementTagNameMap {
    'clocked-checkout-status': ClockedCheckoutStatus;
  }
}

/** The shadow part `name` of `el`. */
export const part = (el: HTMLElement, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;

/** What the buyer reads: the message, or the slotted content that replaces it. */
export function shownText(el: HTMLElement): string {
  const slot = part(el, 'message').querySelector('slot')!;
  const assigned = slot.assignedNodes();
  return (assigned.length ? assigned.map((node) => node.textContent).join('') : slot.textContent!).trim();
}

/** Captures console.warn lines while `body` runs. */
export async function warnings(body: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => lines.push(args.map(String).join(' '));
  try {
    await body();
  } finally {
    console.warn = warn;
  }
  return lines;
}
