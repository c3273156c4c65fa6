import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCappedBytes } from '../../src/shared/capped-stream.js';

/** A stream of the given chunks that records whether it was cancelled, and why; `endless` never closes. */
function chunkStream(chunks: Uint8Array[], endless = false) {
  const state = { cancelled: false, reason: undefined as unknown, pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[state.pulled++];
      if (chunk !== undefined) controller.enqueue(chunk);
      else if (!endless) controller.close();
    },
    cancel(reason) {
      state.cancelled = true;
      state.reason = reason;
    },
  });
  return { stream, state };
}

const bytes = (...values: number[]) => new Uint8Array(values);

describe('readCappedBytes', () => {
  it('joins the chunks of a body within the cap', async () => {
    const { stream } = chunkStream([bytes(1, 2), bytes(3), bytes(4, 5)]);
    assert.deepEqual(await readCappedBytes(stream, 5), bytes(1, 2, 3, 4, 5));
  });

  it('is undefined one byte past the cap, and cancels the stream without reading the rest', async () => {
    const { stream, state } = chunkStream([bytes(1, 2, 3), bytes(4, 5, 6), bytes(7)], true);
    assert.equal(await readCappedBytes(stream, 5), undefined);
    assert.equal(state.cancelled, true);
    assert.equal(state.pulled, 2);
  });

  it('an abort cancels the stream with the signal’s reason and rejects with it', async () => {
    const { stream, state } = chunkStream([bytes(1)], true);
    const controller = new AbortController();
    const reading = readCappedBytes(stream, 100, controller.signal);
    const reason = new Error('too slow');
    controller.abort(reason);
    await assert.rejects(reading, reason);
    assert.equal(state.cancelled, true);
    assert.equal(state.reason, reason);
  });

  it('a stream that errors rejects with its error', async () => {
    const failure = new TypeError('connection reset');
    const stream = new ReadableStream<Uint8Array>({ pull: (controller) => controller.error(failure) });
    await assert.rejects(readCappedBytes(stream, 100), failure);
  });
});
