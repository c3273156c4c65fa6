// One way to read a body whose size someone else decides: the request a handler gets, Payfect's reply, the emulator's calls.

/**
 * The stream's bytes, or `undefined` as soon as they pass `maxBytes` (the stream is then
 * cancelled, so an oversized or endless body is never held whole). Aborting `signal`
 * cancels the stream and rejects with the signal's reason; a failing stream rejects with its error.
 */
export async function readCappedBytes(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Uint8Array | undefined> {
  signal?.throwIfAborted();
  const reader = stream.getReader();
  const stop = () => reader.cancel(signal?.reason).catch(ignoreCancelFailure);
  signal?.addEventListener('abort', stop, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      signal?.throwIfAborted();
      if (done) return joinChunks(chunks, size);
      size += value.byteLength;
      if (size > maxBytes) {
        reader.cancel().catch(ignoreCancelFailure);
        return undefined;
      }
      chunks.push(value);
    }
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

/** The chunks as one array of `size` bytes; a single chunk is returned as is. */
function joinChunks(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return whole;
}

function ignoreCancelFailure(): void {
  // Cancelling is tidying up: the read is already decided, and a stream that cannot cancel changes nothing.
}
