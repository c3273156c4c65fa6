// Test doubles for the session endpoint and for navigation. The endpoint is stubbed
// through the element's public `fetch` property; navigation through a subclass that
// overrides the `navigate(url)` seam, so a passing purchase never leaves the test page.
import { PayfectCheckoutButton } from '../../src/index.js';
import { checkoutSession, json } from './endpoint-replies.js';

export { checkoutSession, json };

export interface RecordedRequest {
  url: string;
  method: string | undefined;
  headers: Headers;
  body: any;
  signal: AbortSignal;
}

export type Answer = (request: RecordedRequest) => Response | Promise<Response>;

/** A fake `fetch` that records each call synchronously, then answers with `answer`. */
export function fakeEndpoint(answer: Answer = () => json(200, checkoutSession())) {
  const requests: RecordedRequest[] = [];
  const fetch = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const request: RecordedRequest = {
      url: String(input),
      method: init.method,
      headers: new Headers(init.headers),
      body: JSON.parse(String(init.body)),
      signal: init.signal!,
    };
    requests.push(request);
    return Promise.resolve(answer(request));
  };
  return { fetch, requests };
}

/** The real element, except that navigation is recorded instead of performed. */
export class RecordingCheckoutButton extends PayfectCheckoutButton {
  readonly navigations: string[] = [];
  protected override navigate(url: string): void {
    this.navigations.push(url);
  }
}
customElements.define('recording-checkout-button', RecordingCheckoutButton);

declare global {
  interface HTMLElementTagNameMap {
    'recording-checkout-button': RecordingCheckoutButton;
  }
}

export function shadow(el: HTMLElement, part: string): HTMLElement {
  return el.shadowRoot!.querySelector(`[part~="${part}"]`)!;
}

/** Captures the console.warn calls made while `run` is pending. */
export async function consoleWarnings(run: () => Promise<unknown>): Promise<unknown[][]> {
  const calls: unknown[][] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => calls.push(args);
  try {
    await run();
  } finally {
    console.warn = original;
  }
  return calls;
}

/**
 * A button added to a page with no `lang` anywhere while the browser's language is `language`,
 * rendered; `check` runs on it, then the page is put back as it was.
 */
export async function withBrowserLanguage(language: string, attributes: Record<string, string>, check: (el: HTMLElement) => void) {
  const root = document.documentElement;
  const lang = root.getAttribute('lang');
  root.removeAttribute('lang');
  Object.defineProperty(navigator, 'language', { value: language, configurable: true });
  const el = document.createElement('payfect-checkout-button');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  try {
    document.body.append(el);
    await el.updateComplete;
    check(el);
  } finally {
    el.remove();
    delete (navigator as { language?: string }).language;
    if (lang != null) root.setAttribute('lang', lang);
  }
}
