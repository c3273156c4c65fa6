/**
 * A request's or response's body as text, as `text()` gives it, or `undefined` once it passes
 * `maxBytes` UTF-8 bytes: the stream is read only that far and then cancelled, so an oversized
 * body is never held whole.
 */
export async function readBodyText(message: Request | Response, maxBytes: number): Promise<string | undefined> {
  if (message.body === null) return '';
  const reader = message.body.getReader();
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
