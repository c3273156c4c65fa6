import { fernetEncrypt } from '../shared/fernet.js';
import { PAYFECT_SIGNATURE_HEADER } from '../shared/payfect-api.js';
import { delay } from './faults.js';

/** How the emulator retries a callback notification that failed or answered non-2xx. */
export interface CallbackRetryOptions {
  /** Total attempts, the first included. Default 5. */
  attempts?: number;
  /** Wait before the second attempt; each later wait doubles. Default 200 ms. */
  initialDelayMs?: number;
  /** Give up on one attempt after this long. Default 5000 ms. */
  timeoutMs?: number;
}

export interface DeliveryAttempt {
  /** The back-off waited before this attempt (0 for the first). */
  delayMs: number;
  /** When the attempt started, from the emulator's clock. */
  at: number;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** Why the attempt failed without an answer (network error, timeout). */
  error?: string;
}

/** One notification to one `callback_url`, with every attempt made so far. */
export interface CallbackDelivery {
  checkoutId: string;
  url: string;
  /** The JSON that was POSTed: Payfect's callback payload. */
  body: string;
  /** The `X-Payfect-Signature` sent: the Fernet token of `body`. Set before the first attempt. */
  signature?: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: DeliveryAttempt[];
  /** Settles when the delivery is delivered or has used up its attempts. */
  done: Promise<CallbackDelivery>;
}

export interface DeliveryContext {
  fetch: typeof globalThis.fetch;
  /** The Fernet key that signs `body`. */
  signingKey: string;
  now: () => number;
  retry: Required<CallbackRetryOptions>;
}

export const DEFAULT_CALLBACK_RETRY: Required<CallbackRetryOptions> = {
  attempts: 5,
  initialDelayMs: 200,
  timeoutMs: 5000,
};

/**
 * Starts POSTing `body`, signed, to `url` and returns the delivery at once; the first attempt
 * starts as soon as it is signed and failures are retried with exponential back-off.
 */
export function deliverCallback(
  checkoutId: string,
  url: string,
  body: string,
  context: DeliveryContext,
): CallbackDelivery {
  const delivery: CallbackDelivery = {
    checkoutId,
    url,
    body,
    state: 'pending',
    attempts: [],
    done: Promise.resolve(undefined as never),
  };
  delivery.done = run(delivery, context);
  return delivery;
}

async function run(delivery: CallbackDelivery, { fetch, signingKey, now, retry }: DeliveryContext): Promise<CallbackDelivery> {
  // One token for every attempt: a retry is the same notification, byte for byte.
  const signature = await fernetEncrypt(signingKey, delivery.body);
  delivery.signature = signature;
  for (let index = 0; index < retry.attempts; index += 1) {
    const delayMs = index === 0 ? 0 : retry.initialDelayMs * 2 ** (index - 1);
    if (delayMs > 0) await delay(delayMs);
    const attempt: DeliveryAttempt = { delayMs, at: now() };
    delivery.attempts.push(attempt);
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'payfect-checkout-emulator', [PAYFECT_SIGNATURE_HEADER]: signature },
        body: delivery.body,
        signal: AbortSignal.timeout(retry.timeoutMs),
        redirect: 'manual',
      });
      attempt.status = response.status;
      // The body is not used, but reading it frees the connection.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) {
        delivery.state = 'delivered';
        return delivery;
      }
    } catch (error) {
      attempt.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  }
  delivery.state = 'failed';
  return delivery;
}
