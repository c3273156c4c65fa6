import type { FieldErrors } from '../../shared/errors.js';
import { CheckoutError } from '../checkout-error.js';

/** Anything that reached us from Payfect or a fetch may echo the key; it is scrubbed before it is kept. */
const API_KEY_HEADER = /Api-Key\s+[^\s"',;}]+/gi;

export function redactSecret(text: string, secret: string): string {
  return text.replaceAll(secret, '[redacted]').replace(API_KEY_HEADER, 'Api-Key [redacted]');
}

/** Looks in every own property, hidden ones too, since loggers such as util.inspect print them all. */
function mentions(value: unknown, secret: string, depth: number, seen: Set<object>): boolean {
  if (typeof value === 'string') return value.includes(secret);
  if (value === null || typeof value !== 'object' || depth > 6 || seen.has(value) || ArrayBuffer.isView(value)) return false;
  // Past this many objects it is cheaper, and still safe, to treat the error as if it held the key.
  if (seen.size >= 1000) return true;
  seen.add(value);
  const keys = Reflect.ownKeys(value);
  if (keys.length > 1000) return true;
  for (const key of keys) {
    if (typeof key === 'string' && key.includes(secret)) return true;
    // Formatting a stack costs ~10 µs per error answer; a CheckoutError's stack adds only code locations to its message.
    if (key === 'stack' && value instanceof CheckoutError) continue;
    let property: unknown;
    try {
      property = (value as Record<PropertyKey, unknown>)[key];
    } catch {
      continue;
    }
    if (mentions(property, secret, depth + 1, seen)) return true;
  }
  return false;
}

/** The error itself when it is clean, else a copy whose message is scrubbed (its stack, cause and properties are dropped). */
export function redactError(error: unknown, secret: string): unknown {
  if (!mentions(error, secret, 0, new Set())) return error;
  return new Error(redactSecret(describe(error), secret));
}

function describe(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    // A getter or toString that throws must not turn an error answer into a rejected handler.
    return 'An error that could not be printed, holding the API key';
  }
}

/** The same error with the key scrubbed from its message, fields and cause, before anyone can see it. */
export function redactCheckoutError(error: CheckoutError, secret: string): CheckoutError {
  if (!mentions(error, secret, 0, new Set())) return error;
  let fields: FieldErrors | undefined;
  if (error.fields !== undefined) {
    fields = {};
    for (const [path, message] of Object.entries(error.fields)) fields[redactSecret(path, secret)] = redactSecret(message, secret);
  }
  return new CheckoutError(error.code, redactSecret(error.message, secret), {
    ...(fields !== undefined && { fields }),
    cause: redactError(error.cause, secret),
  });
}
