import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createCheckoutHandler } from '../../src/server/index.js';
import { baseOptions, post, wireBody } from './checkout-fixtures.js';
import { fakePayfect } from './fake-payfect.js';

describe('forwarding headers with no clientAddressHeader (a reverse proxy not configured)', () => {
  const warnings: unknown[][] = [];
  const original = console.warn;
  beforeEach(() => {
    warnings.length = 0;
    console.warn = (...args: unknown[]) => void warnings.push(args);
  });
  afterEach(() => {
    console.warn = original;
  });

  for (const header of ['X-Forwarded-For', 'Forwarded', 'X-Real-IP']) {
    it(`warn once per handler about ${header}, naming clientAddressHeader, and trust none`, async () => {
      const handler = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, rateLimit: { max: 1 } }));
      const value = header === 'Forwarded' ? 'for=198.51.100.1' : '198.51.100.1';
      assert.equal((await handler(post(wireBody(), { [header]: value }), { clientAddress: '10.0.0.2' })).status, 200);
      // Another "client" behind the same proxy address shares its bucket: the header was not trusted.
      const other = header === 'Forwarded' ? 'for=198.51.100.2' : '198.51.100.2';
      assert.equal((await handler(post(wireBody(), { [header]: other }), { clientAddress: '10.0.0.2' })).status, 429);
      assert.equal(warnings.length, 1);
      assert.match(String(warnings[0]![0]), /clientAddressHeader/);
    });
  }

  it('stay silent when clientAddressHeader is set, or when no forwarding header comes', async () => {
    const configured = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, clientAddressHeader: 'x-real-ip' }));
    assert.equal((await configured(post(wireBody(), { 'x-real-ip': '198.51.100.3', 'x-forwarded-for': '1.2.3.4' }))).status, 200);
    const direct = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch }));
    assert.equal((await direct(post(wireBody()), { clientAddress: '198.51.100.4' })).status, 200);
    assert.deepEqual(warnings, []);
  });
});
