import { readCappedBytes } from '../shared/capped-stream.js';

/**
 * A request's or response's body as text, as `text()` gives it, or `undefined` once it passes
 * `maxBytes` bytes: read with the one capped reader every part uses, so an oversized body is never held whole.
 */
export async function readBodyText(message: Request | Response, maxBytes: number): Promise<string | undefined> {
  if (message.body === null) return '';
  const bytes = await readCappedBytes(message.body, maxBytes);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}
