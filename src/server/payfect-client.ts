import { CheckoutError } from '../shared/errors.js';
import { fieldErrors } from '../shared/field-errors.js';
import { PayfectCheckout, type PayfectCheckoutCreate } from '../shared/payfect-api.js';
import { DEFAULTS } from './defaults.js';
import { redactError, redactSecret } from './secret-redaction.js';

/** Payfect keys are UUIDs (36 characters); a short key would also match ordinary text when the key is looked for in replies. */
const MIN_API_KEY_LENGTH = 16;

export interface PayfectClientOptions {
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/** A non-2xx answer from Payfect, kept for the merchant's logs with the key scrubbed out. */
export class PayfectReplyError extends Error {
  override name = 'PayfectReplyError';
  constructor(
    readonly status: number,
    readonly bodySnippet: string,
  ) {
    super(`Payfect answered HTTP ${status}: ${bodySnippet}`);
  }
}

const SNIPPET_LENGTH = 500;

/** Talks to `POST {baseUrl}/checkouts/`; every failure becomes a 502 or 504 from the error table. */
export class PayfectClient {
  readonly #apiKey: string;
  readonly #endpoint: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof globalThis.fetch;
  readonly #headers: Record<string, string>;

  constructor(options: PayfectClientOptions) {
    const apiKey: unknown = options.apiKey;
    if (typeof apiKey !== 'string' || apiKey.trim().length < MIN_API_KEY_LENGTH) {
      const got = typeof apiKey === 'string' ? `${apiKey.trim().length} characters` : typeof apiKey;
      throw new TypeError(
        `payfect-checkout: \`apiKey\` must be your Payfect secret key, a UUID such as 123e4567-e89b-12d3-a456-426614174000 ` +
          `(at least ${MIN_API_KEY_LENGTH} characters); got ${got}`,
      );
    }
    this.#apiKey = apiKey;
    const base = options.baseUrl ?? DEFAULTS.baseUrl;
    const baseUrl = URL.parse(base);
    if (baseUrl === null || (baseUrl.protocol !== 'https:' && baseUrl.protocol !== 'http:')) {
      throw new TypeError(`payfect-checkout: \`baseUrl\` must be an http(s) URL, got ${JSON.stringify(base)}`);
    }
    this.#endpoint = `${base.replace(/\/+$/, '')}/checkouts/`;
    this.#timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') throw new TypeError('payfect-checkout: no `fetch` available');
    this.#fetch = fetchImpl;
    this.#headers = {
      authorization: `Api-Key ${this.#apiKey}`,
      'content-type': 'application/json',
      accept: 'application/json',
    };
  }

  /** `body` is assembled from parts already validated (request schema, catalog schema, options), so it is not parsed again. */
  createCheckout(body: PayfectCheckoutCreate): Promise<PayfectCheckout> {
    const controller = new AbortController();
    return new Promise<PayfectCheckout>((resolve, reject) => {
      // Settling on the timer too means a fetch that ignores its signal still cannot hang the buyer.
      const timer = setTimeout(() => {
        controller.abort(new Error(`Payfect did not answer within ${this.#timeoutMs} ms`));
        reject(this.#timedOut());
      }, this.#timeoutMs);
      this.#exchange(body, controller.signal).then(
        (checkout) => {
          clearTimeout(timer);
          resolve(checkout);
        },
        (error: unknown) => {
          clearTimeout(timer);
          try {
            reject(this.#failure(error, controller.signal));
          } catch (redactionError) {
            // An error whose name or toString throws must still settle the call, never leave it pending.
            reject(redactionError);
          }
        },
      );
    });
  }

  #timedOut(): CheckoutError {
    return new CheckoutError('payfect_timeout', `Payfect did not answer within ${this.#timeoutMs} ms.`);
  }

  #failure(error: unknown, signal: AbortSignal): CheckoutError {
    if (error instanceof CheckoutError) return error;
    if (signal.aborted) return this.#timedOut();
    return new CheckoutError('payfect_error', 'Could not reach Payfect.', { cause: redactError(error, this.#apiKey) });
  }

  async #exchange(body: PayfectCheckoutCreate, signal: AbortSignal): Promise<PayfectCheckout> {
    // Called unbound: workerd's fetch throws "Illegal invocation" when `this` is not the global scope.
    const fetchImpl = this.#fetch;
    const response = await fetchImpl(this.#endpoint, {
      method: 'POST',
      headers: this.#headers,
      body: JSON.stringify(body),
      signal,
      // A redirect is never followed (it would carry the key elsewhere) and answers 502 as not ok; workerd has no 'error'.
      redirect: 'manual',
    });
    const text = await response.text();
    if (!response.ok) {
      const snippet = redactSecret(text.slice(0, SNIPPET_LENGTH), this.#apiKey);
      throw new CheckoutError('payfect_error', `Payfect refused the checkout (HTTP ${response.status}).`, {
        cause: new PayfectReplyError(response.status, snippet),
      });
    }
    if (text.includes(this.#apiKey)) {
      // The reply reaches the browser and onCheckoutCreated's records; a key in it must reach neither.
      throw new CheckoutError('payfect_invalid_response', "Payfect's reply echoes the API key; it was not used.");
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CheckoutError('payfect_invalid_response', 'Payfect answered with something that is not JSON.', {
        cause: new PayfectReplyError(response.status, redactSecret(text.slice(0, SNIPPET_LENGTH), this.#apiKey)),
      });
    }
    const parsed = PayfectCheckout.safeParse(json);
    if (!parsed.success) {
      const fields = Object.keys(fieldErrors(parsed.error.issues)).join(', ');
      throw new CheckoutError('payfect_invalid_response', redactSecret(`Payfect's reply is not a valid checkout (${fields}).`, this.#apiKey));
    }
    return parsed.data;
  }
}
