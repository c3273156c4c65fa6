// <payfect-checkout-status> checks the status endpoint's answer by hand (src/element/
// payfect-checkout-status-wire.ts) to keep zod out of the CDN file. These properties hold that check
// to the CheckoutStatus schema that createStatusHandler answers with: what the schema accepts, the
// element accepts as the same value; what it refuses, the element refuses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isCheckoutId, statusOfReply } from '../../src/element/payfect-checkout-status-wire.js';
import { CheckoutId, CheckoutStatus } from '../../src/shared/checkout-status.js';

const RUNS = { numRuns: 2000 };

/** Mostly `valid`, sometimes `invalid`: enough valid values that the property is not vacuous. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>): fc.Arbitrary<T | U> =>
  fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: invalid });

const jsonish = fc.jsonValue({ maxDepth: 2 });

/** Ids around every edge of the pattern: Payfect's UUIDs, the length limit, path characters, Unicode. */
const id = fc.oneof(
  fc.uuid(),
  fc.constantFrom('chk_1', 'a', '', '..', '../x', 'a/b', 'a.b', 'a b', 'a%2F', 'ä', 'a\n', 'A-Z_09', 'x'.repeat(200), 'x'.repeat(201)),
  fc.stringMatching(/^[\w-]{1,3}$/),
  fc.string({ maxLength: 6 }),
);

const statusReply = fc
  .record({
    id: mostly(id, jsonish),
    status: mostly(fc.constantFrom('open', 'complete', 'expired'), fc.oneof(fc.constantFrom('OPEN', 'paid', 'succeeded', ''), jsonish)),
    fulfilled: mostly(fc.boolean(), fc.oneof(fc.constantFrom('true', 0, 1, null), jsonish)),
    amountTotal: fc.option(fc.constant('20.50'), { nil: undefined }),
  })
  .chain((answer) =>
    fc.option(fc.constantFrom(...Object.keys(answer)), { freq: 4 }).map((dropped) => {
      const reply: Record<string, unknown> = { ...answer };
      if (dropped) delete reply[dropped];
      return JSON.stringify(reply);
    }),
  );

describe('the status answer', () => {
  it('statusOfReply accepts exactly what CheckoutStatus accepts, as the same value', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 4, arbitrary: statusReply }, { weight: 1, arbitrary: fc.json() }), (text) => {
        const reply: unknown = JSON.parse(text);
        const parsed = CheckoutStatus.safeParse(reply);
        assert.deepStrictEqual(statusOfReply(reply), parsed.success ? parsed.data : undefined, text);
        if (parsed.success) accepted++;
      }),
      RUNS,
    );
    assert.ok(accepted > RUNS.numRuns / 20, `only ${accepted} of ${RUNS.numRuns} answers were accepted`);
  });

  it('isCheckoutId accepts exactly the ids CheckoutId accepts', () => {
    fc.assert(
      fc.property(mostly(id, jsonish), (value) => {
        assert.equal(isCheckoutId(value), CheckoutId.safeParse(value).success, JSON.stringify(value));
      }),
      RUNS,
    );
  });

  it('refuses ids that could leave Query\'s path', () => {
    for (const value of ['..', '../admin', 'a/b', 'a?b', 'a#b', '%2e%2e']) {
      assert.equal(CheckoutId.safeParse(value).success, false, value);
    }
    assert.equal(CheckoutId.safeParse('ed8d24aa-a860-426b-8e56-87cb9f55a081').success, true);
  });
});
