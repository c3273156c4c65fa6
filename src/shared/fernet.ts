/**
 * Fernet (github.com/fernet/spec) on Web Crypto alone, so it runs on Node, Workers, Deno
 * and Bun. Payfect signs its callback with a Fernet token whose plaintext is the JSON body.
 */

/** A token that is malformed, not made with this key, expired, or from too far in the future. */
export class FernetError extends Error {
  override name = 'FernetError';
}

const VERSION = 0x80;
const HEADER_BYTES = 1 + 8 + 16;
const HMAC_BYTES = 32;
const BLOCK = 16;
/** The spec's allowance for clocks that disagree: a token may be stamped up to this far ahead. */
const MAX_CLOCK_SKEW_SECONDS = 60;

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  // The spec's tokens are url-safe base64 with padding; a stray character is a bad token, not a crash.
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) return undefined;
  const standard = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const binary = atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_');
}

/** A Fernet key: 32 bytes in url-safe base64 with its padding, as Python's `Fernet.generate_key()` writes it and `Fernet(key)` requires. */
export const FERNET_KEY_PATTERN = /^[A-Za-z0-9_-]{43}=$/;

interface FernetKeys {
  signing: CryptoKey;
  encryption: CryptoKey;
}

const keyCache = new Map<string, Promise<FernetKeys>>();

/** Imports the key's two halves once per key string; a key is used for every callback. */
function importKey(key: string): Promise<FernetKeys> {
  let keys = keyCache.get(key);
  if (keys === undefined) {
    const raw = FERNET_KEY_PATTERN.test(key) ? fromBase64Url(key) : undefined;
    if (raw === undefined || raw.length !== 32) {
      throw new FernetError('A Fernet key is 32 bytes in url-safe base64 (44 characters ending in "=").');
    }
    keys = Promise.all([
      crypto.subtle.importKey('raw', raw.slice(0, 16), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']),
      crypto.subtle.importKey('raw', raw.slice(16), { name: 'AES-CBC' }, false, ['encrypt', 'decrypt']),
    ]).then(([signing, encryption]) => ({ signing, encryption }));
    // A handful of keys per process at most; the cap keeps a misuse from growing it forever.
    if (keyCache.size >= 16) keyCache.clear();
    keyCache.set(key, keys);
  }
  return keys;
}

/** Checks that a string is a usable Fernet key; throws `FernetError` if not. */
export async function checkFernetKey(key: string): Promise<void> {
  await importKey(key);
}

/** A new random key, in the format Payfect's Python example (`Fernet.generate_key()`) uses. */
export function generateFernetKey(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

export interface FernetEncryptOptions {
  /** Seconds since the epoch to stamp; default now. */
  now?: number;
  /** The 16-byte IV; default random. Only tests fix it. */
  iv?: Uint8Array;
}

export async function fernetEncrypt(key: string, plaintext: string | Uint8Array, options: FernetEncryptOptions = {}): Promise<string> {
  const keys = await importKey(key);
  const message = typeof plaintext === 'string' ? new TextEncoder().encode(plaintext) : plaintext.slice();
  const iv = options.iv?.slice() ?? crypto.getRandomValues(new Uint8Array(16));
  if (iv.length !== 16) throw new FernetError('A Fernet IV is 16 bytes.');
  const now = Math.floor(options.now ?? Date.now() / 1000);
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, keys.encryption, message));
  const signed = new Uint8Array(HEADER_BYTES + ciphertext.length);
  signed[0] = VERSION;
  new DataView(signed.buffer).setBigUint64(1, BigInt(now));
  signed.set(iv, 9);
  signed.set(ciphertext, HEADER_BYTES);
  const hmac = new Uint8Array(await crypto.subtle.sign('HMAC', keys.signing, signed));
  const token = new Uint8Array(signed.length + HMAC_BYTES);
  token.set(signed);
  token.set(hmac, signed.length);
  return toBase64Url(token);
}

export interface FernetDecryptOptions {
  /** Refuse tokens stamped more than this many seconds ago; default: no age limit. */
  ttlSeconds?: number;
  /** Seconds since the epoch to check against; default now. */
  now?: number;
}

/** The plaintext of a genuine token; throws `FernetError` for any token that is not. */
export async function fernetDecrypt(key: string, token: string, options: FernetDecryptOptions = {}): Promise<Uint8Array> {
  const keys = await importKey(key);
  const bytes = fromBase64Url(token);
  if (bytes === undefined) throw new FernetError('The token is not url-safe base64.');
  if (bytes.length < HEADER_BYTES + BLOCK + HMAC_BYTES || bytes[0] !== VERSION) {
    throw new FernetError('The token is too short or of an unknown version.');
  }
  if ((bytes.length - HEADER_BYTES - HMAC_BYTES) % BLOCK !== 0) throw new FernetError('The token is not whole blocks.');
  const signed = bytes.subarray(0, bytes.length - HMAC_BYTES);
  // crypto.subtle.verify compares in constant time, so the MAC leaks nothing through timing.
  const genuine = await crypto.subtle.verify('HMAC', keys.signing, bytes.subarray(bytes.length - HMAC_BYTES), signed);
  if (!genuine) throw new FernetError('The token was not made with this key, or it was altered.');
  const stamped = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(1));
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (stamped > now + MAX_CLOCK_SKEW_SECONDS) throw new FernetError('The token is stamped in the future.');
  if (options.ttlSeconds !== undefined && stamped + options.ttlSeconds < now) throw new FernetError('The token has expired.');
  try {
    const plaintext = await crypto.subtle.decrypt({ name: 'AES-CBC', iv: bytes.subarray(9, 25) }, keys.encryption, bytes.subarray(HEADER_BYTES, bytes.length - HMAC_BYTES));
    return new Uint8Array(plaintext);
  } catch {
    // Web Crypto reports bad PKCS7 padding as an OperationError; to the caller it is one more bad token.
    throw new FernetError('The token does not decrypt.');
  }
}
