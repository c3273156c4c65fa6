/**
 * Makes room in a Map kept in expiry order (insertion order, one lifetime per store):
 * drops expired entries from the front, and the oldest ones while it holds `maxSize`.
 */
export function evictOldest<K, V>(map: Map<K, V>, maxSize: number, now: number, expiresAt: (value: V) => number): void {
  for (const [key, value] of map) {
    if (expiresAt(value) <= now || map.size >= maxSize) map.delete(key);
    else break;
  }
}
