import { startEmulator, type CallbackDelivery, type DeliveryAttempt } from '../emulator/index.js';
import { checkFernetKey } from '../shared/fernet.js';
import { busyPort, CliError, wholeNumber, type Running } from './cli-error.js';

export interface EmulatorArguments {
  port?: string;
  host?: string;
  'api-key'?: string[];
  'default-callback-url'?: string;
  'public-url'?: string;
  'expires-in'?: string;
  merchant?: string;
  'signing-key'?: string;
}

/** An http(s) URL flag, refused with exit 2 otherwise. */
function urlFlag(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const url = URL.parse(value);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new CliError(`${name} must be an absolute http(s) URL, got "${value}"`, 2);
  }
  return value;
}

/** What the receiver's answer most likely means, for the answers a setup mistake gives. */
const FIXES: Record<string, string> = {
  signature_invalid: "the receiver's signingKey is not this emulator's key: give it the callback signing key printed above (or start the emulator with --signing-key)",
  checkout_not_complete: 'the receiver could not confirm the checkout with Query: is its baseUrl this emulator (with /api/v1) and its apiKey one the emulator accepts?',
};

/** One line per callback attempt: checkout id, URL, the receiver's status and error code, attempt n of m. */
export function describeAttempt(attempt: DeliveryAttempt, delivery: CallbackDelivery): string {
  const answer = attempt.status === undefined ? `no answer (${attempt.error ?? 'unknown error'})` : [attempt.status, attempt.code].filter(Boolean).join(' ');
  const outcome = delivery.state === 'delivered' ? ', delivered' : delivery.state === 'failed' ? ', giving up' : ', will retry';
  // The fix is said once per delivery, at the first attempt that got this code.
  const firstWithCode = delivery.attempts.find((earlier) => earlier.code === attempt.code) === attempt;
  const fix = attempt.code === undefined || !firstWithCode ? undefined : FIXES[attempt.code];
  return `Callback for checkout ${delivery.checkoutId} to ${delivery.url}: ${answer} (attempt ${attempt.number} of ${delivery.maxAttempts})${outcome}${fix ? `\n  Fix: ${fix}` : ''}`;
}

/** `payfect-checkout emulator`: the offline Payfect over HTTP, printing each callback delivery. */
export async function runEmulator(values: EmulatorArguments, log: (line: string) => void): Promise<Running> {
  const apiKeys = values['api-key'];
  const signingKey = values['signing-key'];
  if (signingKey !== undefined) {
    await checkFernetKey(signingKey).catch((error: unknown) => {
      throw new CliError(`--signing-key: ${(error as Error).message}`, 2);
    });
  }
  const defaultCallbackUrl = urlFlag(values['default-callback-url'], '--default-callback-url');
  const publicUrl = urlFlag(values['public-url'], '--public-url');
  const port = wholeNumber(values.port, '--port', 4010, 65535);
  const host = values.host ?? '127.0.0.1';
  const running = await startEmulator({
    port,
    host,
    expiresInMs: wholeNumber(values['expires-in'], '--expires-in', 1800) * 1000,
    ...(apiKeys && { apiKeys }),
    ...(defaultCallbackUrl && { defaultCallbackUrl }),
    ...(publicUrl && { publicUrl }),
    ...(values.merchant && { merchant: { name: values.merchant } }),
    ...(signingKey !== undefined && { signingKey }),
    onDeliveryAttempt: (attempt, delivery) => log(describeAttempt(attempt, delivery)),
  }).catch((error: NodeJS.ErrnoException) => {
    throw busyPort(error, port, host, ' (and point PAYFECT_BASE_URL and checkout-hosts at it)');
  });
  log(
    `Payfect emulator listening on ${running.url}\n` +
      `  API base URL: ${running.url}/api/v1\n` +
      `  Hosted pages: ${publicUrl === undefined ? 'on the origin each API request was sent to' : `${new URL(publicUrl).origin}/checkouts/<id>`}\n` +
      `  API key: ${apiKeys ? apiKeys.join(', ') : 'any key (but never None, null, undefined or empty)'}\n` +
      `  Default callback URL: ${defaultCallbackUrl ?? 'none (a checkout without callback_url sends no callback)'}\n` +
      `  Callback signing key (Fernet): ${running.emulator.signingKey}`,
  );
  return running;
}
