/** Edit distance between two option names (Levenshtein), for "did you mean …?". */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}

/** The known name closest to `name` (case-insensitively), if it is close enough to be a typo. */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** `has no option `x`; did you mean `y`? Known options: …`: the sentence every options check ends with. */
export function unknownOptionMessage(name: string, known: readonly string[]): string {
  const nearest = nearestName(name, known);
  return `has no option \`${name}\`${nearest ? `; did you mean \`${nearest}\`?` : '.'} Known options: ${known.join(', ')}.`;
}

/**
 * Throws a TypeError naming the first key of `options` that is not in `known`, and the
 * nearest known name: a misspelt option must not be silently ignored.
 */
export function checkOptionNames(options: object, known: readonly string[], where: string): void {
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) throw new TypeError(`payfect-checkout: ${where} ${unknownOptionMessage(name, known)}`);
  }
}
