/**
 * Money is a decimal string from the wire to the display; these helpers do exact
 * arithmetic on it with BigInt, so binary floating point never touches an amount.
 */

/** A non-negative decimal: `20`, `20.5`, `0.10`. No sign, exponent, or leading zeros. */
export const DECIMAL_PATTERN = /^(?:0|[1-9]\d{0,17})(?:\.\d{1,18})?$/;

export function isDecimal(value: string): boolean {
  return DECIMAL_PATTERN.test(value);
}

interface Scaled {
  units: bigint;
  scale: number;
}

function toScaled(value: string): Scaled {
  if (!isDecimal(value)) throw new RangeError(`Not a decimal amount: ${JSON.stringify(value)}`);
  const [whole, fraction = ''] = value.split('.');
  return { units: BigInt(whole + fraction), scale: fraction.length };
}

function rescale(amount: Scaled, scale: number): bigint {
  return amount.units * 10n ** BigInt(scale - amount.scale);
}

function fromScaled(units: bigint, scale: number): string {
  if (scale === 0) return units.toString();
  const digits = units.toString().padStart(scale + 1, '0');
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** Compares two decimals exactly: `compareDecimals('20.5', '20.50') === 0`. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const x = toScaled(a);
  const y = toScaled(b);
  const scale = Math.max(x.scale, y.scale);
  const diff = rescale(x, scale) - rescale(y, scale);
  return diff === 0n ? 0 : diff < 0n ? -1 : 1;
}

/** `unit × quantity`, keeping the unit's scale: `multiplyDecimal('0.10', 3) === '0.30'`. */
export function multiplyDecimal(unit: string, quantity: number): string {
  if (!Number.isSafeInteger(quantity) || quantity < 0) {
    throw new RangeError(`Not a whole quantity: ${quantity}`);
  }
  const { units, scale } = toScaled(unit);
  return fromScaled(units * BigInt(quantity), scale);
}

/** The exact sum, at the largest scale among the terms: `sumDecimals(['20.5', '0.25']) === '20.75'`. */
export function sumDecimals(amounts: readonly string[]): string {
  const terms = amounts.map(toScaled);
  const scale = Math.max(0, ...terms.map((term) => term.scale));
  return fromScaled(
    terms.reduce((total, term) => total + rescale(term, scale), 0n),
    scale,
  );
}
