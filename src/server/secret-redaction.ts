/** Anything that reached us from Payfect or a fetch may echo the key; it is scrubbed before it is kept. */
const API_KEY_HEADER = /Api-Key\s+[^\s"',;}]+/gi;

export function redactSecret(text: string, secret: string): string {
  return text.replaceAll(secret, '[redacted]').replace(API_KEY_HEADER, 'Api-Key [redacted]');
}

function mentions(error: unknown, secret: string, depth: number): boolean {
  if (depth > 4 || error === null || typeof error !== 'object') return typeof error === 'string' && error.includes(secret);
  const { message, stack, cause } = error as { message?: unknown; stack?: unknown; cause?: unknown };
  return (
    (typeof message === 'string' && message.includes(secret)) ||
    (typeof stack === 'string' && stack.includes(secret)) ||
    mentions(cause, secret, depth + 1)
  );
}

/** The error itself when it is clean, else a copy whose message is scrubbed (its stack and cause are dropped). */
export function redactError(error: unknown, secret: string): unknown {
  if (!mentions(error, secret, 0)) return error;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new Error(redactSecret(message, secret));
}
