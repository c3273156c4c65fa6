import type { ComplexAttributeConverter } from 'lit';

/**
 * For an attribute with a default: removing it (as frameworks do for null) restores the default, not null.
 * Lit's `useDefault` does the same with a Map on every instance; a converter keeps the default on the class,
 * which a page of 1,000 buttons feels (146 KiB of heap, docs/benchmarks.md).
 */
export function orDefault(fallback: string): ComplexAttributeConverter<string>;
export function orDefault(fallback: number): ComplexAttributeConverter<number>;
export function orDefault(fallback: string | number): ComplexAttributeConverter<string | number> {
  return { fromAttribute: (value) => (value == null ? fallback : typeof fallback == 'number' ? Number(value) : value) };
}
