import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evictOldest } from '../../src/server/bounded-map.js';
import { MemoryIdempotencyStore, MemoryRateLimitStore } from '../../src/server/index.js';

const end = (value: number): number => value;

describe('evictOldest', () => {
  it('drops expired entries from the front and stops at the first live one', () => {
    const map = new Map([['a', 5], ['b', 10], ['c', 30], ['d', 8]]);
    evictOldest(map, 100, 10, end);
    // 'd' has expired too, but it sits behind a live entry: the Map is assumed to be in expiry order.
    assert.deepEqual([...map.keys()], ['c', 'd']);
  });

  it('drops the oldest live entries while the map is full, leaving room for one', () => {
    const map = new Map([['a', 50], ['b', 60], ['c', 70]]);
    evictOldest(map, 2, 0, end);
    assert.deepEqual([...map.keys()], ['c']);
  });

  it('leaves a map with room and nothing expired alone', () => {
    const map = new Map([['a', 50], ['b', 60]]);
    evictOldest(map, 3, 0, end);
    assert.deepEqual([...map.keys()], ['a', 'b']);
  });
});

describe('the memory stores', () => {
  it('are bounded to 10000 entries by default', () => {
    assert.equal(new MemoryRateLimitStore().maxKeys, 10_000);
    assert.equal(new MemoryIdempotencyStore().maxEntries, 10_000);
  });
});
