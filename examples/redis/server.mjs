import { createServer } from 'node:http';
import { createClient } from 'redis';
import { createCallbackHandler, createCheckoutHandler } from 'payfect-checkout/server';
import { toNodeListener } from 'payfect-checkout/server/node';
import { createRedisStores } from 'payfect-checkout/server/redis';

const { PAYFECT_API_KEY, PAYFECT_BASE_URL, PAYFECT_SIGNING_KEY, REDIS_URL, SHOP_URL = 'http://127.0.0.1:3000', HOST = '127.0.0.1', PORT = '3000' } =
  process.env;

const redis = createClient({ url: REDIS_URL });
redis.on('error', (error) => console.error('redis', error)); // required: node-redis throws an unhandled 'error' otherwise
await redis.connect();
const stores = createRedisStores(redis, { prefix: 'shop1:' }); // { idempotency, rateLimit, completion }

const checkout = createCheckoutHandler({
  apiKey: PAYFECT_API_KEY,
  baseUrl: PAYFECT_BASE_URL, // unset: the real Payfect
  catalog: {
    'standard-plan': { name: 'Standard Plan', unitAmount: '20.50', currency: 'usdt' },
  },
  successUrl: `${SHOP_URL}/thanks`,
  callbackUrl: `${SHOP_URL}/api/payfect-callback`,
  idempotency: { store: stores.idempotency },
  rateLimit: { windowMs: 60_000, max: 30, store: stores.rateLimit },
});

const callback = createCallbackHandler({
  apiKey: PAYFECT_API_KEY,
  baseUrl: PAYFECT_BASE_URL,
  signingKey: PAYFECT_SIGNING_KEY,
  store: stores.completion,
  onCompleted: (paid) => console.log(`Paid: ${paid.id} ${paid.amountTotal} ${paid.currency}`), // fulfil the order here
});

// Run as many of these as you like behind your load balancer: they share every guarantee through Redis.
const routes = new Map([
  ['/api/checkout', toNodeListener(checkout)],
  ['/api/payfect-callback', toNodeListener(callback)],
]);
createServer((request, response) => {
  const route = routes.get(new URL(request.url, SHOP_URL).pathname);
  if (route) return route(request, response);
  response.writeHead(404).end();
}).listen(Number(PORT), HOST, () => console.log(`Listening on http://${HOST}:${PORT}`));
