import * as z from 'zod/mini';
import { FERNET_KEY_PATTERN, FernetError, generateFernetKey } from '../shared/fernet.js';
import { checkOptionNames } from '../shared/option-names.js';
import type { CallbackDelivery, DeliveryAttempt } from './callback-delivery.js';
import { IN_ENGLISH } from '../shared/english-messages.js';
import { PayfectUrl } from './request-bodies.js';

/** A function option; anything else is an `invalid_type` issue, so a TypeError. */
function aFunction<Fn extends (...args: never[]) => unknown>() {
  return z.custom<Fn>().check(
    z.superRefine((value, context) => {
      if (typeof value !== 'function') context.addIssue({ code: 'invalid_type', expected: 'function', input: value, message: 'must be a function' });
    }),
  );
}

/** A URL option may be a string or a URL; it must be one Payfect would accept in a create body. */
const UrlOption = z.pipe(
  z.pipe(z.union([z.string(), z.instanceof(URL)]), z.transform((url) => String(url))),
  PayfectUrl,
);

const Positive = z.number().check(z.gt(0, 'must be a positive number'));

const CallbackRetryOptions = z.strictObject({
  /** Total attempts, the first included. Default 5. */
  attempts: z._default(z.int().check(z.gte(1, 'must be a whole number of at least 1')), 5),
  /** Wait before the second attempt; each later wait doubles. Default 200 ms. */
  initialDelayMs: z._default(z.number().check(z.gte(0, 'must not be negative')), 200),
  /** Give up on one attempt after this long. Default 5000 ms. */
  timeoutMs: z._default(Positive, 5000),
});

const MerchantOptions = z.strictObject({
  /** Default: a new UUID. */
  id: z._default(z.string().check(z.minLength(1)), () => globalThis.crypto.randomUUID()),
  /** Default `Payfect Emulator Shop`. */
  name: z._default(z.string().check(z.minLength(1)), 'Payfect Emulator Shop'),
});

/** The one source of `createEmulator`'s options: their types, their defaults and their checks. */
export const EmulatorOptionsSchema = z.strictObject({
  /**
   * The one API key `Authorization: Api-Key <key>` must carry, as the merchant's server is given it.
   * Default: any key, except `None`, `null`, `undefined` and the empty key, which are always refused.
   */
  apiKey: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
  /** Several keys, or a predicate, instead of `apiKey`. */
  apiKeys: z.optional(z.union([z.readonly(z.array(z.string())), aFunction<(key: string) => boolean>()])),
  /**
   * Where a checkout created without `callback_url` sends its signed callback, as the URL set
   * in Payfect's dashboard does. Default: none, and such a checkout sends no callback.
   */
  defaultCallbackUrl: z.optional(UrlOption),
  /** How long a checkout stays open. Default 30 minutes. */
  expiresInMs: z._default(Positive, 30 * 60 * 1000),
  /** The origin of the hosted pages in each checkout's and payment link's `url`. Default: the origin each create request was sent to. */
  publicUrl: z.optional(UrlOption),
  /** The merchant every checkout belongs to. */
  merchant: z.prefault(MerchantOptions, {}),
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now: z._default(aFunction<() => number>(), () => Date.now),
  /** Retries for callback notifications. */
  callbackRetry: z.prefault(CallbackRetryOptions, {}),
  /** What delivers callback notifications. Default `globalThis.fetch`. */
  callbackFetch: z._default(aFunction<typeof globalThis.fetch>(), () => (input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init)),
  /** Told after each callback attempt, when its answer (or failure) is known: the CLI prints them. */
  onDeliveryAttempt: z.optional(aFunction<(attempt: DeliveryAttempt, delivery: CallbackDelivery) => void>()),
  /**
   * The Fernet key that signs each callback in `X-Payfect-Signature`, as Payfect's
   * dashboard key would. Default: a new random key, on `emulator.signingKey`.
   */
  signingKey: z._default(z.string(), () => generateFernetKey()),
  /** The largest request body accepted; a larger one is a 413 and is read no further. Default 64 KiB. */
  maxBodyBytes: z._default(z.int().check(z.gt(0, 'must be a positive whole number')), 64 * 1024),
  /**
   * How many of each record the emulator keeps: `requests`, `checkouts`, `deliveries`,
   * `products`, `prices` and `paymentLinks` each hold at most this many, the oldest dropped
   * first. A dropped checkout is gone: its hosted page answers 404. A dropped delivery still
   * finishes, and `idle()` still waits for it. Default 10000; `Infinity` keeps everything.
   */
  maxRecords: z._default(
    // Not z.number(), which refuses Infinity.
    z.custom<number>((n) => n === Infinity || (Number.isInteger(n) && (n as number) > 0), 'must be a positive whole number or Infinity'),
    10_000,
  ),
});

export type EmulatorOptions = z.input<typeof EmulatorOptionsSchema>;
export type CallbackRetryOptions = z.input<typeof CallbackRetryOptions>;

/** The options with their defaults applied, and `publicUrl` reduced to its origin. */
export type EmulatorSettings = Omit<z.output<typeof EmulatorOptionsSchema>, 'publicUrl' | 'apiKey' | 'apiKeys'> & {
  publicOrigin: string | undefined;
  /** Whether a key that is present (and not a placeholder such as `None`) is accepted. */
  acceptsKey: (key: string) => boolean;
};

const WHERE = 'createEmulator';

/** A value of the wrong type is a TypeError; the right type with a wrong value is a RangeError. */
function optionError(issue: z.core.$ZodIssue): Error {
  const name = issue.path.join('.');
  const message = `payfect-checkout: ${WHERE} option \`${name}\`: ${issue.message}.`;
  return issue.code === 'invalid_type' || issue.code === 'invalid_union' ? new TypeError(message) : new RangeError(message);
}

function acceptedKeys(apiKey: string | undefined, apiKeys: readonly string[] | ((key: string) => boolean) | undefined): (key: string) => boolean {
  if (apiKey !== undefined) return (key) => key === apiKey;
  if (typeof apiKeys === 'function') return apiKeys;
  if (apiKeys !== undefined) return (key) => apiKeys.includes(key);
  return () => true;
}

/**
 * Checks `createEmulator`'s options and applies their defaults. An unknown option, here or in
 * `merchant` or `callbackRetry`, is a TypeError naming the nearest known one.
 */
export function resolveEmulatorOptions(options: EmulatorOptions): EmulatorSettings {
  checkOptionNames(options, Object.keys(EmulatorOptionsSchema.shape), WHERE);
  for (const [name, schema] of [['merchant', MerchantOptions], ['callbackRetry', CallbackRetryOptions]] as const) {
    const nested: unknown = options[name];
    if (typeof nested === 'object' && nested !== null) checkOptionNames(nested, Object.keys(schema.shape), `${WHERE}'s \`${name}\``);
  }
  if (options.apiKey !== undefined && options.apiKeys !== undefined) {
    throw new TypeError(`payfect-checkout: ${WHERE} takes \`apiKey\` or \`apiKeys\`, not both.`);
  }
  const parsed = EmulatorOptionsSchema.safeParse(options, IN_ENGLISH);
  if (!parsed.success) throw optionError(parsed.error.issues[0]!);
  const { publicUrl, apiKey, apiKeys, ...settings } = parsed.data;
  if (!FERNET_KEY_PATTERN.test(settings.signingKey)) {
    throw new FernetError('signingKey is not a Fernet key: 32 bytes in url-safe base64, 44 characters ending in "=" (Fernet.generate_key() makes one).');
  }
  return {
    ...settings,
    publicOrigin: publicUrl === undefined ? undefined : new URL(publicUrl).origin,
    acceptsKey: acceptedKeys(apiKey, apiKeys),
  };
}
