import { ErrorBody } from '../shared/error-body.js';
import { fernetEncrypt } from '../shared/fernet.js';
import { PAYFECT_SIGNATURE_HEADER } from '../shared/payfect-api.js';
import { readBodyText } from './body-text.js';
import { delay } from './faults.js';

/** How the emulator retries a callback notification that failed or answered non-2xx. */
export interface CallbackRetry {
  /** Total attempts, the first included. */
  attempts: number;
  /** Wait before the second attempt; each later wait doubles. */
  initialDelayMs: number;
  /** Give up on one attempt after this long. */
  timeoutMs: number;
}

export interface DeliveryAttempt {
  /** 1 for the first attempt. */
  number: number;
  /** The back-off waited before this attempt (0 for the first). */
  delayMs: number;
  /** When the attempt started, from the emulator's clock. */
  at: number;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** The receiver's `error.code`, when it answered non-2xx with an error body such as `{"error":{"code":"signature_invalid",…}}`. */
  code?: string;
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
  /** How many attempts it makes at most. */
  maxAttempts: number;
  /** Settles when the delivery is delivered or has used up its attempts. */
  done: Promise<CallbackDelivery>;
}

export interface DeliveryContext {
  fetch: typeof globalThis.fetch;
  /** The Fernet key that signs `body`. */
  signingKey: string;
  now: () => number;
  retry: CallbackRetry;
  /** Told once each attempt has its answer or its failure. */
  onAttempt?: (attempt: DeliveryAttempt, delivery: CallbackDelivery) => void;
}

/** Enough of a receiver's answer to find its error code; the rest is not read. */
const MAX_ANSWER_BYTES = 16 * 1024;

/**
 * Starts POSTing `body`, signed, to `url` and returns the delivery at once; the first attempt
 * starts as soon as it is signed and failures are retried with exponential back-off.
 */
export function deliverCallback(checkoutId: string, url: string, body: string, context: DeliveryContext): CallbackDelivery {
  const delivery: CallbackDelivery = {
    checkoutId,
    url,
    body,
    state: 'pending',
    attempts: [],
    maxAttempts: context.retry.attempts,
    done: Promise.resolve(undefined as never),
  };
  delivery.done = run(delivery, context);
  return delivery;
}

/** The receiver's `error.code`, if its answer is our error body. */
async function errorCode(response: Response): Promise<string | undefined> {
  const text = await readBodyText(response, MAX_ANSWER_BYTES);
  if (response.ok || text === undefined || text === '') return undefined;
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.error.code : undefined;
  } catch {
    return undefined; // Not JSON: the status alone says what happened.
  }
}

async function run(delivery: CallbackDelivery, context: DeliveryContext): Promise<CallbackDelivery> {
  const { fetch, signingKey, now, retry, onAttempt } = context;
  // One token for every attempt: a retry is the same notification, byte for byte.
  const signature = await fernetEncrypt(signingKey, delivery.body);
  delivery.signature = signature;
  for (let index = 0; index < retry.attempts; index += 1) {
    const delayMs = index === 0 ? 0 : retry.initialDelayMs * 2 ** (index - 1);
    if (delayMs > 0) await delay(delayMs);
    const attempt: DeliveryAttempt = { number: index + 1, delayMs, at: now() };
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
      // Reading the answer (a little of it at most) also frees the connection.
      const code = await errorCode(response).catch(() => undefined);
      if (code !== undefined) attempt.code = code;
      if (response.ok) delivery.state = 'delivered';
    } catch (error) {
      attempt.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    if (delivery.state !== 'delivered' && index === retry.attempts - 1) delivery.state = 'failed';
    onAttempt?.(attempt, delivery);
    if (delivery.state === 'delivered') return delivery;
  }
  return delivery;
}
