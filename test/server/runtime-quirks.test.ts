// What a runtime does differently that the handler must absorb; the runtime matrix (test/runtimes/) meets each for real.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCheckoutHandler } from '../../src/server/index.js';
import { SHOP, baseOptions, errorOf, post, wireBody } from './checkout-fixtures.js';
import { fakePayfect } from './fake-payfect.js';

/** What `next start` hands a route handler: its own listening address as request.url, the site in Host. */
const NEXT_OWN_URL = 'http://localhost:3000/api/checkout';

describe('Next.js route handlers (request.url names the server, Host names the site)', () => {
  it('a same-origin call is allowed: the Host header names the page the browser loaded', async () => {
    const handler = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch }));
    const response = await handler(post(wireBody(), { origin: SHOP, host: new URL(SHOP).host }, NEXT_OWN_URL));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });

  it('a foreign page is still 403: its browser sends the site in Host and itself in Origin', async () => {
    const payfect = fakePayfect();
    const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch }));
    for (const origin of ['https://evil.example', 'http://localhost:3000.evil.example']) {
      const response = await handler(post(wireBody(), { origin, host: new URL(SHOP).host }, NEXT_OWN_URL));
      assert.equal(response.status, 403, origin);
      assert.equal((await errorOf(response)).code, 'origin_not_allowed');
    }
    assert.equal(payfect.calls.length, 0);
  });
});

describe('Workers (workerd) fetch', () => {
  it('calls the fetch it was given with no `this`, as workerd requires of its global fetch', async () => {
    const payfect = fakePayfect();
    const thisValues: unknown[] = [];
    const handler = createCheckoutHandler(
      baseOptions({
        fetch: function (this: unknown, input, init) {
          thisValues.push(this);
          return payfect.fetch(input, init);
        },
      }),
    );
    assert.equal((await handler(post(wireBody()))).status, 200);
    assert.deepEqual(thisValues, [undefined]);
  });

  it("asks for redirect 'manual', the mode workerd has, and answers a redirect from Payfect 502 without following it", async () => {
    const modes: Array<RequestRedirect | undefined> = [];
    const handler = createCheckoutHandler(
      baseOptions({
        fetch: async (_input, init) => {
          modes.push(init?.redirect);
          return new Response(null, { status: 307, headers: { location: 'https://elsewhere.example/steal' } });
        },
      }),
    );
    const response = await handler(post(wireBody()));
    assert.equal(response.status, 502);
    assert.equal((await errorOf(response)).code, 'payfect_error');
    assert.deepEqual(modes, ['manual']);
  });
});
