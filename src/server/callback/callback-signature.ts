import { CheckoutError } from '../checkout-error.js';
import { fernetDecrypt } from '../../shared/fernet.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function refused(message: string): CheckoutError {
  return new CheckoutError('signature_invalid', message);
}

/**
 * Payfect's check (docs/payfect-api/callback.md): the header is a Fernet token made with
 * the signing key, and its plaintext is JSON equal to the body.
 */
export async function checkSignature(token: string | null, signingKey: string, body: unknown): Promise<void> {
  if (token === null || token.trim() === '') throw refused('The X-Payfect-Signature header is missing.');
  let plaintext: Uint8Array;
  try {
    plaintext = await fernetDecrypt(signingKey, token.trim());
  } catch {
    throw refused('The X-Payfect-Signature header was not made with the signing key.');
  }
  let signed: unknown;
  try {
    signed = JSON.parse(utf8.decode(plaintext));
  } catch {
    throw refused('The X-Payfect-Signature header does not hold JSON.');
  }
  if (!jsonEqual(signed, body)) throw refused('The body differs from what the X-Payfect-Signature header signs.');
}

/** Deep equality of two parsed JSON values, whatever their key order; iterative, so no nesting can overflow the stack. */
function jsonEqual(a: unknown, b: unknown): boolean {
  const pending: Array<[unknown, unknown]> = [[a, b]];
  while (pending.length > 0) {
    const [x, y] = pending.pop()!;
    if (x === y) continue;
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return false;
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let index = 0; index < x.length; index++) pending.push([x[index], y[index]]);
      continue;
    }
    if (Array.isArray(y)) return false;
    const xKeys = Object.keys(x);
    if (xKeys.length !== Object.keys(y).length) return false;
    for (const key of xKeys) {
      if (!Object.hasOwn(y, key)) return false;
      pending.push([(x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key]]);
    }
  }
  return true;
}
