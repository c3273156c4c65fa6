import { createCheckoutHandler } from '../../src/server/index.js';
import { payfectCheckoutReply } from './fake-payfect.js';
import { baseOptions, wireBody, post } from './checkout-fixtures.js';
const reply = JSON.stringify(payfectCheckoutReply());
const fetch = (async () => new Response(reply, { status: 201 })) as typeof globalThis.fetch;
const h = createCheckoutHandler(baseOptions({ fetch, rateLimit: false, idempotency: false }));
const body = JSON.stringify(wireBody());
for (let round = 0; round < 3; round++) {
  const t = performance.now();
  for (let i = 0; i < 2000; i++) { const r = await h(post(body)); await r.text(); }
  console.log('per req ms', (performance.now() - t) / 2000);
}
