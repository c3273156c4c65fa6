import { readCappedBytes } from '../../shared/capped-stream.js';
import { CheckoutError } from '../checkout-error.js';
import { fieldErrors } from '../../shared/field-errors.js';
import { PayfectCheckout, type PayfectCheckoutCreate } from '../../shared/payfect-api.js';
import { PayfectClientSchema, type PayfectClientOptions, type ResolvedPayfectClientOptions } from '../options.js';
import { resolveOptions } from '../../shared/option-schema.js';
import { redactError, redactSecret } from './secret-redaction.js';
import { withinTimeLimit } from '../stores/time-limit.js';

/** A checkout object is about 2 KiB; a reply past this is read no further, so a broken upstream cannot fill memory. */
export const MAX_REPLY_BYTES = 1_048_576;
const SNIPPET_LENGTH = 500;

/** Payfect's API, with every failure as a `CheckoutError` (`payfect_error`, `payfect_invalid_response`, `payfect_timeout`). */
export interface PayfectClient {
  /** `POST {baseUrl}/checkouts/`. `body` is sent as given. */
  createCheckout(body: PayfectCheckoutCreate): Promise<PayfectCheckout>;
  /** `GET {baseUrl}/checkouts/{id}/` (Query); `undefined` when Payfect answers 404, i.e. it has no such checkout. */
  retrieveCheckout(id: string): Promise<PayfectCheckout | undefined>;
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

/** Payfect's API for merchants who reconcile by themselves; both handlers use it too. */
export function createPayfectClient(options: PayfectClientOptions): PayfectClient {
  return new HttpPayfectClient(resolveOptions(PayfectClientSchema, options, 'createPayfectClient'));
}

interface Reply {
  status: number;
  text: string;
}

/** Options already resolved: the handlers build it from their own parsed options. */
export class HttpPayfectClient implements PayfectClient {
  readonly #apiKey: string;
  readonly #lowerKey: string;
  readonly #checkouts: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof globalThis.fetch;
  readonly #postHeaders: Record<string, string>;
  readonly #getHeaders: Record<string, string>;

  constructor(options: ResolvedPayfectClientOptions) {
    this.#apiKey = options.apiKey;
    this.#lowerKey = options.apiKey.toLowerCase();
    this.#checkouts = `${options.baseUrl.replace(/\/+$/, '')}/checkouts/`;
    this.#timeoutMs = options.timeoutMs;
    this.#fetch = options.fetch;
    this.#getHeaders = { authorization: `Api-Key ${this.#apiKey}`, accept: 'application/json' };
    this.#postHeaders = { ...this.#getHeaders, 'content-type': 'application/json' };
  }

  async createCheckout(body: PayfectCheckoutCreate): Promise<PayfectCheckout> {
    const init = { method: 'POST', headers: this.#postHeaders, body: JSON.stringify(body) };
    const reply = await this.#call(this.#checkouts, init);
    if (reply.status < 200 || reply.status > 299) {
      throw new CheckoutError('payfect_error', `Payfect refused the checkout (HTTP ${reply.status}).`, { cause: this.#replyError(reply) });
    }
    return this.#checkout(reply);
  }

  async retrieveCheckout(id: string): Promise<PayfectCheckout | undefined> {
    if (typeof id !== 'string' || id === '') throw new TypeError('payfect-checkout: a checkout id is a non-empty string');
    const reply = await this.#call(`${this.#checkouts}${pathSegment(id)}/`, { method: 'GET', headers: this.#getHeaders });
    if (reply.status === 404) return undefined;
    if (reply.status < 200 || reply.status > 299) {
      throw new CheckoutError('payfect_error', `Payfect could not look the checkout up (HTTP ${reply.status}).`, {
        cause: this.#replyError(reply),
      });
    }
    const checkout = this.#checkout(reply);
    if (checkout.id !== id) throw new CheckoutError('payfect_invalid_response', 'Payfect answered with another checkout than the one asked for.');
    return checkout;
  }

  /** One HTTP exchange, the reply read whole, all within `timeoutMs`. */
  #call(url: string, init: RequestInit): Promise<Reply> {
    const controller = new AbortController();
    // An error whose name or toString throws still rejects the call: #failure's own error is the rejection then.
    const exchange = this.#exchange(url, init, controller.signal).catch((error: unknown) => {
      throw this.#failure(error, controller.signal);
    });
    // Settling on the timer too means a fetch or a body that ignores the signal still cannot hang the caller.
    return withinTimeLimit(exchange, this.#timeoutMs, () => {
      controller.abort(new Error(`Payfect did not answer within ${this.#timeoutMs} ms`));
      return this.#timedOut();
    });
  }

  async #exchange(url: string, init: RequestInit, signal: AbortSignal): Promise<Reply> {
    // Called unbound: workerd's fetch throws "Illegal invocation" when `this` is not the global scope.
    const fetchImpl = this.#fetch;
    // A redirect is never followed (it would carry the key elsewhere) and is answered as not 2xx; workerd has no 'error'.
    const response = await fetchImpl(url, { ...init, signal, redirect: 'manual' });
    return { status: response.status, text: await readCapped(response, signal) };
  }

  #timedOut(): CheckoutError {
    return new CheckoutError('payfect_timeout', `Payfect did not answer within ${this.#timeoutMs} ms.`);
  }

  #failure(error: unknown, signal: AbortSignal): CheckoutError {
    if (error instanceof CheckoutError) return error;
    if (signal.aborted) return this.#timedOut();
    return new CheckoutError('payfect_error', 'Could not reach Payfect.', { cause: redactError(error, this.#apiKey) });
  }

  /** A 2xx reply as a checkout, refused when it is not one or when it echoes the key anywhere, however escaped. */
  #checkout(reply: Reply): PayfectCheckout {
    let json: unknown;
    try {
      json = JSON.parse(reply.text);
    } catch {
      throw new CheckoutError('payfect_invalid_response', 'Payfect answered with something that is not JSON.', {
        cause: this.#replyError(reply),
      });
    }
    if (this.#echoesKey(reply.text, json)) {
      // The reply reaches the browser and the merchant's records; a key in it must reach neither.
      throw new CheckoutError('payfect_invalid_response', "Payfect's reply echoes the API key; it was not used.");
    }
    const parsed = PayfectCheckout.safeParse(json);
    if (!parsed.success) {
      const fields = Object.keys(fieldErrors(parsed.error.issues)).join(', ');
      throw new CheckoutError('payfect_invalid_response', redactSecret(`Payfect's reply is not a valid checkout (${fields}).`, this.#apiKey));
    }
    return parsed.data;
  }

  /** The key in the raw reply or, however escaped, in its parsed JSON. */
  #echoesKey(text: string, json: unknown): boolean {
    return text.toLowerCase().includes(this.#lowerKey) || this.#holdsKey(json);
  }

  /** Every string and name in the parsed reply: JSON escapes (`\u0035a31…`) hide the key from a look at the raw text. */
  #holdsKey(json: unknown): boolean {
    const pending: unknown[] = [json];
    while (pending.length > 0) {
      const value = pending.pop();
      if (typeof value === 'string') {
        if (value.toLowerCase().includes(this.#lowerKey)) return true;
      } else if (value !== null && typeof value === 'object') {
        for (const [name, inner] of Object.entries(value)) {
          if (name.toLowerCase().includes(this.#lowerKey)) return true;
          pending.push(inner);
        }
      }
    }
    return false;
  }

  /** What the merchant's logs may keep of a reply: a snippet, withheld whole if it holds the key in any form. */
  #replyError(reply: Reply): PayfectReplyError {
    let json: unknown;
    try {
      json = JSON.parse(reply.text);
    } catch {
      json = undefined;
    }
    const withheld = this.#echoesKey(reply.text, json);
    const snippet = withheld ? '[withheld: the reply echoes the API key]' : redactSecret(reply.text.slice(0, SNIPPET_LENGTH), this.#apiKey);
    return new PayfectReplyError(reply.status, snippet);
  }
}

function tooLarge(): CheckoutError {
  return new CheckoutError('payfect_invalid_response', `Payfect's reply is larger than ${MAX_REPLY_BYTES} bytes.`);
}

/** The reply as text, read no further than `MAX_REPLY_BYTES` (after any decompression), and dropped on abort. */
async function readCapped(response: Response, signal: AbortSignal): Promise<string> {
  const declared = response.headers.get('content-length');
  const stream = response.body;
  if (stream === null) return '';
  if (declared !== null && Number(declared) > MAX_REPLY_BYTES) {
    stream.cancel().catch(ignoreCancelFailure);
    throw tooLarge();
  }
  const bytes = await readCappedBytes(stream, MAX_REPLY_BYTES, signal);
  if (bytes === undefined) throw tooLarge();
  return utf8.decode(bytes);
}

const utf8 = new TextDecoder();

/**
 * The id as one URL path segment. `encodeURIComponent` throws on a lone surrogate, which a
 * notification's JSON can carry: that is a bad id, answered 400, not a crash.
 */
function pathSegment(id: string): string {
  try {
    return encodeURIComponent(id);
  } catch {
    throw new CheckoutError('invalid_request', 'The checkout id cannot be put in a URL (it holds a lone UTF-16 surrogate).', {
      fields: { id: 'is not well-formed Unicode' },
    });
  }
}

function ignoreCancelFailure(): void {
  // Cancelling is tidying up: the call has already failed, and a stream that cannot cancel changes nothing.
}
