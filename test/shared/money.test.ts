import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareDecimals, isDecimal, multiplyDecimal, sumDecimals } from '../../src/shared/money.js';

test('isDecimal accepts the reference page amounts and refuses signs, exponents and junk', () => {
  for (const ok of ['20.5', '20', '20.00', '0', '0.10']) assert.equal(isDecimal(ok), true, ok);
  for (const bad of ['', '-1', '+1', '1e3', '.5', '5.', '01', 'NaN', '1,5', ' 1', '1.2.3', '0x10']) {
    assert.equal(isDecimal(bad), false, bad);
  }
});

test('compareDecimals is exact and ignores trailing zeros', () => {
  assert.equal(compareDecimals('20.5', '20.50'), 0);
  assert.equal(compareDecimals('20', '20.00'), 0);
  assert.equal(compareDecimals('0.01', '20.50'), -1);
  assert.equal(compareDecimals('20.500000000000000001', '20.5'), 1);
});

test('multiplyDecimal keeps the scale and never touches a float', () => {
  assert.equal(multiplyDecimal('0.10', 3), '0.30');
  assert.equal(multiplyDecimal('20.5', 2), '41.0');
  assert.equal(multiplyDecimal('0.1', 3), '0.3');
  assert.equal(multiplyDecimal('19.99', 0), '0.00');
  assert.throws(() => multiplyDecimal('1', 1.5), RangeError);
  assert.throws(() => multiplyDecimal('-1', 1), RangeError);
});

test('sumDecimals adds at the largest scale', () => {
  assert.equal(sumDecimals(['0.1', '0.2']), '0.3');
  assert.equal(sumDecimals(['20.5', '0.25', '1']), '21.75');
  assert.equal(sumDecimals([]), '0');
});

test('sum of products matches an integer-cents model for any amounts', () => {
  const cents = fc.bigInt({ min: 0n, max: 10n ** 12n });
  fc.assert(
    fc.property(fc.array(fc.tuple(cents, fc.integer({ min: 0, max: 99 })), { maxLength: 20 }), (lines) => {
      const asDecimal = (c: bigint) => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;
      const expected = lines.reduce((total, [c, q]) => total + c * BigInt(q), 0n);
      const actual = sumDecimals(lines.map(([c, q]) => multiplyDecimal(asDecimal(c), q)));
      assert.equal(compareDecimals(actual, asDecimal(expected)), 0);
    }),
  );
});
