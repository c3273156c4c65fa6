import { MemoryCompletionStore, createCallbackHandler, createCheckoutHandler, createStatusHandler } from 'payfect-checkout/server';

const env = Deno.env.toObject();
const shopUrl = env.SHOP_URL ?? 'http://127.0.0.1:8000';

const checkout = createCheckoutHandler({
  apiKey: env.PAYFECT_API_KEY,
  baseUrl: env.PAYFECT_BASE_URL, // unset: the real Payfect
  catalog: {
    'standard-plan': { name: 'Standard Plan', unitAmount: '20.50', currency: 'usdt' },
  },
  successUrl: `${shopUrl}/thanks`,
  cancelUrl: `${shopUrl}/cart`,
  callbackUrl: `${shopUrl}/api/payfect-callback`,
});

// The checkouts onCompleted fulfilled: written by the callback handler, read by the status handler.
// One instance; with more, use createRedisStores(…).completion from payfect-checkout/server/redis.
const completions = new MemoryCompletionStore();

const callback = createCallbackHandler({
  apiKey: env.PAYFECT_API_KEY,
  baseUrl: env.PAYFECT_BASE_URL,
  signingKey: env.PAYFECT_SIGNING_KEY,
  store: completions,
  onCompleted: (paid) => console.log(`Paid: ${paid.id} ${paid.amountTotal} ${paid.currency}`), // fulfil the order here
});

// What the return page asks: GET /api/checkout-status?id=… → { id, status, fulfilled }.
const status = createStatusHandler({ apiKey: env.PAYFECT_API_KEY, baseUrl: env.PAYFECT_BASE_URL, store: completions });

const routes: Record<string, typeof checkout> = {
  '/api/checkout': checkout,
  '/api/payfect-callback': callback,
  '/api/checkout-status': status,
};

Deno.serve({ hostname: env.HOST ?? '127.0.0.1', port: Number(env.PORT ?? 8000) }, (request, info) => {
  const route = routes[new URL(request.url).pathname];
  return route ? route(request, { clientAddress: info.remoteAddr.hostname }) : new Response('Not found', { status: 404 });
});
