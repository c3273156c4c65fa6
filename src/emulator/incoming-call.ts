/** What the emulator reads from one `fetch(input, init)` call: the parts a Request would expose. */
export interface IncomingCall {
  method: string;
  /** The parsed URL; its `href` is the serialization `Request.url` gives. */
  url: URL;
  headers: Headers;
  signal: AbortSignal | null;
  /** A plain call's string body, or a Request's unread stream: only a route that needs the body reads it. */
  body: string | ReadableStream<Uint8Array> | null;
}

/** Methods a Request keeps exactly as given; anything else takes the Request path, which normalizes or refuses it. */
const PLAIN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']);
const PLAIN_REDIRECTS = new Set(['follow', 'error', 'manual']);
const PLAIN_INIT_KEYS = new Set(['method', 'headers', 'body', 'signal', 'redirect']);
/** What a Request adds for a string body sent without a content type. */
const TEXT_CONTENT_TYPE = 'text/plain;charset=UTF-8';
const BYTE_ORDER_MARK = 0xfeff;
/** Text with any surrogate takes the Request path, which turns lone ones into U+FFFD as UTF-8 does. */
const SURROGATE = /[\uD800-\uDFFF]/;
const encoder = new TextEncoder();

/**
 * Reads a fetch call the way `new Request(input, init)` would.
 * The common call (a URL, a plain init, a string body) skips the Request and its body
 * stream, which together cost about as much as the emulator's own work; any other call builds the
 * Request, so every check and normalization it does still applies.
 */
export function readIncomingCall(input: RequestInfo | URL, init: RequestInit | undefined): IncomingCall {
  return readPlainCall(input, init) ?? fromRequest(input instanceof Request && init === undefined ? input : new Request(input, init));
}

function readPlainCall(input: RequestInfo | URL, init: RequestInit | undefined): IncomingCall | undefined {
  if (typeof input !== 'string' && !(input instanceof URL)) return undefined;
  if (init !== undefined && !isPlainInit(init)) return undefined;
  const method = init?.method ?? 'GET';
  if (!PLAIN_METHODS.has(method)) return undefined;
  const body = init?.body ?? null;
  if (body !== null) {
    // A GET with a body throws in the Request path; text that UTF-8 would alter (a BOM, lone surrogates) goes there too.
    if (typeof body !== 'string' || method === 'GET' || method === 'HEAD') return undefined;
    if (body.charCodeAt(0) === BYTE_ORDER_MARK || SURROGATE.test(body)) return undefined;
  }
  const url = URL.parse(typeof input === 'string' ? input : input.href);
  if (url === null || url.username !== '' || url.password !== '') return undefined;
  let headers: Headers;
  try {
    headers = new Headers(init?.headers);
  } catch {
    return undefined;
  }
  if (body !== null && !headers.has('content-type')) headers.set('content-type', TEXT_CONTENT_TYPE);
  return { method, url, headers, signal: init?.signal ?? null, body };
}

function isPlainInit(init: RequestInit): boolean {
  if (init === null || typeof init !== 'object') return false;
  const prototype = Object.getPrototypeOf(init) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key in init) if (!PLAIN_INIT_KEYS.has(key)) return false;
  if (init.redirect !== undefined && !PLAIN_REDIRECTS.has(init.redirect)) return false;
  const signal = init.signal;
  return signal === undefined || signal === null || signal instanceof AbortSignal;
}

function fromRequest(request: Request): IncomingCall {
  return { method: request.method, url: new URL(request.url), headers: request.headers, signal: request.signal, body: request.body };
}

/**
 * The body as text, as `Request.text()` gives it, or `undefined` once it passes `maxBytes`
 * UTF-8 bytes: a stream is read only that far and then cancelled, so an oversized body is never held whole.
 */
export async function readBodyText(call: IncomingCall, maxBytes: number): Promise<string | undefined> {
  const { body } = call;
  if (body === null) return '';
  if (typeof body === 'string') {
    // UTF-8 takes 1 to 3 bytes per UTF-16 unit, so only a body near the limit is encoded to count.
    const tooLarge = body.length > maxBytes || (body.length * 3 > maxBytes && encoder.encode(body).byteLength > maxBytes);
    return tooLarge ? undefined : body;
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}
