// The element checks its three boundaries by hand (src/element/checkout-wire.ts) to keep zod
// out of the CDN file. These properties hold those checks to the shared schemas, both ways:
// what the element sends, CheckoutRequest parses unchanged; what CheckoutSession or ErrorBody
// accepts, the element accepts as the same value, and what they refuse, it refuses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  buildCheckoutRequest,
  checkoutCart,
  errorOfReply,
  InvalidConfigError,
  sessionOfReply,
  type CheckoutConfig,
} from '../../src/element/checkout-wire.js';
import { CheckoutRequest } from '../../src/shared/checkout-request.js';
import { CheckoutSession } from '../../src/shared/checkout-session.js';
import { ErrorBody } from '../../src/shared/error-body.js';

const RUNS = { numRuns: 1500 };
const PAGE = 'https://shop.example/cart/';

/** Mostly `valid`, sometimes `invalid`: enough valid values that the property is not vacuous. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>): fc.Arbitrary<T | U> =>
  fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: invalid });

/** Strings around a length limit, plus short and empty ones. */
const textAround = (max: number) =>
  fc.oneof(fc.string({ maxLength: 8 }), fc.string({ minLength: max - 1, maxLength: max + 1 }), fc.constant(''));

const decimal = fc.oneof(
  fc.constantFrom('20.50', '0', '0.00', '0.10', '1e3', '-1', '', ' 1', '007', '1.', '123456789012345678', '1234567890123456789', '0.000000000000000001', '1.0000000000000000001'),
  fc.tuple(fc.nat(), fc.nat({ max: 99 })).map(([whole, cents]) => `${whole}.${cents}`),
  fc.string({ maxLength: 6 }),
);
const absoluteUrl = fc.webUrl().map((url) => new URL(url).href);
const url = fc.oneof(
  absoluteUrl,
  fc.webUrl(),
  fc.constantFrom('/img/a.png', 'a.png', '?x', 'javascript:alert(1)', 'data:image/png;base64,AA', 'ftp://a.example/b', '//cdn.example/x', 'http://a b/', ' https://x.example/ ', 'https://x.example/\t', 'http:x.example', ''),
  fc.string({ maxLength: 12 }),
);
const code = fc.oneof(fc.constantFrom('usdt', 'USDT', 'usdc', 'u1', 'x', 'bsc-bep20', 'abcdefghijkl', 'abcdefghijklm', 'us dt', ''), fc.string({ maxLength: 13 }));
const quantity = fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constantFrom(NaN, 1.5, Infinity, 2 ** 53, 2 ** 53 - 1, -0, 1e3), fc.double());
const jsonish = fc.jsonValue({ maxDepth: 2 });

const productData = fc.record(
  {
    name: mostly(textAround(250), jsonish),
    description: mostly(textAround(1000), jsonish),
    images: mostly(fc.array(url, { maxLength: 9 }), jsonish),
    title: fc.string(),
  },
  { requiredKeys: [] },
);
const lineItem = fc.record(
  {
    product_id: mostly(textAround(200), jsonish),
    quantity: mostly(quantity, fc.constantFrom('1', null, true)),
    price_data: mostly(
      fc.record(
        { currency: mostly(code, fc.constant(null)), unit_amount: mostly(decimal, fc.double()), product_data: mostly(productData, jsonish), extra: fc.string() },
        { requiredKeys: [] },
      ),
      jsonish,
    ),
    colour: fc.string(),
  },
  { requiredKeys: [] },
);
const items = fc.oneof(
  fc.array(lineItem, { maxLength: 3 }).map((list) => JSON.stringify(list)),
  fc.array(fc.constant({ product_id: 'a' }), { minLength: 100, maxLength: 101 }).map((list) => JSON.stringify(list)),
  jsonish.map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 8 }),
);

const validCode = fc.constantFrom('usdt', 'USDT', 'usdc', 'trx');
const config: fc.Arbitrary<CheckoutConfig> = fc.record({
  productId: fc.option(mostly(fc.constantFrom('standard-plan', 'p'), textAround(200)), { nil: null, freq: 8 }),
  name: fc.option(textAround(250), { nil: null }),
  description: fc.option(textAround(1000), { nil: null }),
  image: fc.option(url, { nil: null }),
  amount: fc.option(decimal, { nil: null }),
  currency: mostly(validCode, code),
  quantity: mostly(fc.integer({ min: 1, max: 5 }), quantity),
  items: fc.option(items, { nil: null }),
  clientReferenceId: fc.option(textAround(200), { nil: null }),
  successUrl: fc.option(url, { nil: null }),
  cancelUrl: fc.option(url, { nil: null }),
  network: mostly(fc.constantFrom('tron', 'TRON', 'bsc-bep20'), code),
  payCurrency: fc.option(mostly(validCode, code), { nil: null }),
});

/** The JSON body the element would POST for `config`, or undefined when it refuses the attributes. */
function sentBody(config: CheckoutConfig, page = PAGE): unknown {
  try {
    return JSON.parse(JSON.stringify(buildCheckoutRequest(config, checkoutCart(config, page), page)));
  } catch (error) {
    if (error instanceof InvalidConfigError) return undefined;
    throw error;
  }
}

describe('attributes → request', () => {
  it('whatever the element would send, CheckoutRequest parses unchanged', () => {
    let sent = 0;
    fc.assert(
      fc.property(config, fc.constantFrom(PAGE, 'http://localhost:5173/shop/'), (config, page) => {
        const body = sentBody(config, page);
        if (body === undefined) return;
        sent++;
        const parsed = CheckoutRequest.safeParse(body);
        assert.ok(parsed.success, `the schema refuses ${JSON.stringify(body)}: ${JSON.stringify(parsed.error?.issues)}`);
        assert.deepStrictEqual(parsed.data, body);
      }),
      RUNS,
    );
    assert.ok(sent > RUNS.numRuns / 20, `only ${sent} of ${RUNS.numRuns} configs were sent`);
  });

  it('items the schema accepts are sent as the schema reads them', () => {
    const validItem = fc.record(
      {
        product_id: fc.string({ minLength: 1, maxLength: 200 }),
        quantity: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        price_data: fc.record(
          {
            currency: fc.constantFrom('usdt', 'USDT', 'UsDt'),
            unit_amount: fc.tuple(fc.nat({ max: 10 ** 6 }), fc.nat({ max: 99 })).filter(([whole, cents]) => whole + cents > 0).map(([whole, cents]) => `${whole}.${String(cents).padStart(2, '0')}`),
            product_data: fc.record(
              {
                name: fc.string({ minLength: 1, maxLength: 250 }),
                description: fc.string({ maxLength: 1000 }),
                images: fc.array(absoluteUrl, { maxLength: 8 }),
              },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: ['unit_amount'] },
        ),
      },
      { requiredKeys: ['product_id'] },
    );
    fc.assert(
      fc.property(fc.array(validItem, { minLength: 1, maxLength: 100 }), (list) => {
        const request = { currency: 'usdt', invoice_items: list.map((item) => ({ quantity: 1, ...item, price_data: item.price_data && { currency: 'usdt', ...item.price_data } })) };
        const parsed = CheckoutRequest.safeParse(request);
        assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
        const body = sentBody({ currency: 'usdt', quantity: 1, network: 'tron', items: JSON.stringify(list) }) as CheckoutRequest | undefined;
        assert.ok(body, `the element refuses ${JSON.stringify(list)}`);
        assert.deepStrictEqual(body.invoice_items, JSON.parse(JSON.stringify(parsed.data.invoice_items)));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a free item and unknown nested keys, as the schema now does', () => {
    const base = { currency: 'usdt', quantity: 1, network: 'tron' };
    for (const list of [
      [{ product_id: 'a', price_data: { unit_amount: '0' } }],
      [{ product_id: 'a', price_data: { unit_amount: '0.00' } }],
      [{ product_id: 'a', price_data: { unit_amount: '1', discount: '1' } }],
      [{ product_id: 'a', price_data: { unit_amount: '1', product_data: { name: 'A', sku: 'x' } } }],
    ]) {
      assert.equal(sentBody({ ...base, items: JSON.stringify(list) }), undefined, JSON.stringify(list));
      const request = { currency: 'usdt', invoice_items: list.map((item) => ({ quantity: 1, ...item, price_data: { currency: 'usdt', ...item.price_data } })) };
      assert.equal(CheckoutRequest.safeParse(request).success, false, JSON.stringify(list));
    }
    assert.equal(sentBody({ ...base, productId: 'p', amount: '0' }), undefined);
  });
});

/** A JSON text with an own `__proto__` key, as JSON.parse makes from a reply. */
const withProtoKey = (text: string, value: unknown) => `{"__proto__":${JSON.stringify(value)}${text == '{}' ? '' : ','}${text.slice(1)}`;

const sessionReply = fc
  .record({
    id: mostly(fc.string({ maxLength: 4 }), jsonish),
    url: mostly(fc.oneof(fc.webUrl(), fc.string({ maxLength: 4 })), jsonish),
    status: mostly(fc.constantFrom('open', 'complete', 'expired'), fc.oneof(fc.constantFrom('OPEN', 'paid', ''), jsonish)),
    amountTotal: mostly(fc.option(decimal, { nil: null }), jsonish),
    currency: mostly(fc.option(code, { nil: null }), jsonish),
    expiresAt: mostly(fc.option(fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), { nil: null }), jsonish),
    isLivemode: mostly(fc.boolean(), jsonish),
    extra: jsonish,
  })
  .chain((session) =>
    fc.option(fc.constantFrom(...Object.keys(session)), { freq: 4 }).map((dropped) => {
      const reply: Record<string, unknown> = { ...session };
      if (dropped) delete reply[dropped];
      return JSON.stringify(reply);
    }),
  );

const errorReply = fc
  .record({
    code: mostly(fc.string({ maxLength: 4 }), jsonish),
    message: mostly(fc.string({ maxLength: 4 }), jsonish),
    fields: fc.option(mostly(fc.dictionary(fc.string({ maxLength: 3 }), mostly(fc.string({ maxLength: 3 }), jsonish), { maxKeys: 3 }), jsonish), { nil: undefined }),
    protoField: fc.option(mostly(fc.string(), jsonish), { nil: undefined }),
    extra: jsonish,
  })
  .map(({ code, message, fields, protoField, extra }) => {
    let fieldsText = fields === undefined ? undefined : JSON.stringify(fields);
    if (protoField !== undefined && fieldsText?.startsWith('{')) fieldsText = withProtoKey(fieldsText, protoField);
    const error = JSON.stringify({ code, message, extra });
    return `{"error":${fieldsText === undefined ? error : `{"fields":${fieldsText},${error.slice(1)}`}}`;
  });

/** Runs `property` on JSON texts from `replies` and from any JSON at all, and counts the accepted ones. */
function forEveryReply(replies: fc.Arbitrary<string>, property: (reply: unknown) => boolean) {
  let accepted = 0;
  fc.assert(
    fc.property(fc.oneof({ weight: 4, arbitrary: replies }, { weight: 1, arbitrary: fc.json() }), (text) => {
      if (property(JSON.parse(text))) accepted++;
    }),
    RUNS,
  );
  assert.ok(accepted > RUNS.numRuns / 20, `only ${accepted} of ${RUNS.numRuns} replies were accepted`);
}

describe('the success reply', () => {
  it('sessionOfReply accepts exactly what CheckoutSession accepts, as the same value', () => {
    forEveryReply(sessionReply, (reply) => {
      const parsed = CheckoutSession.safeParse(reply);
      assert.deepStrictEqual(sessionOfReply(reply), parsed.success ? parsed.data : undefined, JSON.stringify(reply));
      return parsed.success;
    });
  });
});

describe('the error reply', () => {
  it('errorOfReply accepts exactly what ErrorBody accepts, as the same value', () => {
    forEveryReply(errorReply, (reply) => {
      const parsed = ErrorBody.safeParse(reply);
      assert.deepStrictEqual(errorOfReply(reply), parsed.success ? parsed.data.error : undefined, JSON.stringify(reply));
      return parsed.success;
    });
  });

  it('a __proto__ key in fields is dropped, never set as the prototype', () => {
    const reply = JSON.parse('{"error":{"code":"x","message":"m","fields":{"__proto__":{"polluted":true},"a":"b"}}}');
    const error = errorOfReply(reply)!;
    assert.deepStrictEqual(error, ErrorBody.parse(reply).error);
    assert.equal(Object.getPrototypeOf(error.fields), Object.prototype);
    assert.equal(Object.hasOwn(error.fields!, '__proto__'), false);
  });
});
