import contentType from 'content-type';
import { readCappedBytes } from '../../shared/capped-stream.js';
import { CheckoutError } from '../checkout-error.js';
import { DEFAULTS } from '../options.js';
import { withinTimeLimit } from '../stores/time-limit.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `application/json`, optionally with `charset=utf-8`, and not compressed; anything else is 415. */
export function checkJsonContentType(contentType: string | null, contentEncoding: string | null): void {
  if (contentEncoding !== null && contentEncoding.trim().toLowerCase() !== 'identity') {
    // Inflating would let a few KiB expand past the byte limit; browsers never compress request bodies.
    throw new CheckoutError('unsupported_media_type', 'Send the body without Content-Encoding.');
  }
  if (contentType !== null && isUtf8Json(contentType)) return;
  throw new CheckoutError('unsupported_media_type', 'Send the body as Content-Type: application/json.');
}

function isUtf8Json(header: string): boolean {
  let parsed: contentType.ParsedMediaType;
  try {
    parsed = contentType.parse(header);
  } catch {
    return false;
  }
  const charset = parsed.parameters.charset?.toLowerCase();
  return parsed.type === 'application/json' && (charset === undefined || charset === 'utf-8' || charset === 'utf8');
}

function unreadable(): CheckoutError {
  // The client went away or sent a broken stream: its fault, not a bug of ours.
  return new CheckoutError('invalid_json', 'The body could not be read to its end.');
}

function tooLarge(maxBytes: number): CheckoutError {
  return new CheckoutError('payload_too_large', `The body is larger than ${maxBytes} bytes.`);
}

function tooSlow(timeoutMs: number): CheckoutError {
  return new CheckoutError('request_timeout', `The body did not arrive within ${timeoutMs} ms.`);
}

/**
 * Reads the body as UTF-8 text, stopping (and cancelling the stream) as soon as it passes
 * `maxBytes` or `timeoutMs`, so a huge, endless or trickling body costs at most the limits.
 * `framed`: the runtime's parser already cut the body at its Content-Length (`ClientInfo.bodyFramed`).
 */
export async function readBodyText(
  request: Request,
  maxBytes: number,
  framed = false,
  timeoutMs: number = DEFAULTS.bodyTimeoutMs,
): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  const reading = new AbortController();
  return withinTimeLimit(readWhole(request, declared !== null && framed, maxBytes, reading.signal), timeoutMs, () => {
    reading.abort();
    return tooSlow(timeoutMs);
  });
}

async function readWhole(request: Request, framedByLength: boolean, maxBytes: number, signal: AbortSignal): Promise<string> {
  let bytes: Uint8Array | undefined;
  try {
    // Framed, at most maxBytes can arrive, and the adapter's direct read skips a web stream per request.
    if (framedByLength) bytes = new Uint8Array(await request.arrayBuffer());
    else if (request.body === null) return '';
    else bytes = await readCappedBytes(request.body, maxBytes, signal);
  } catch {
    throw unreadable();
  }
  if (bytes === undefined) throw tooLarge(maxBytes);
  return decodeUtf8(bytes);
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new CheckoutError('invalid_json', 'The body is not valid UTF-8 text.');
  }
}

const TRAILING_COMMA = /,\s*[}\]]/;

/** JSON.parse with an answer a developer can act on, e.g. for the trailing commas in Payfect's own example. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw new CheckoutError('invalid_json', 'The body is empty; send a JSON object.');
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const hint = TRAILING_COMMA.test(text) ? ' JSON does not allow trailing commas.' : '';
    throw new CheckoutError('invalid_json', `The body is not valid JSON: ${detail}.${hint}`);
  }
}
