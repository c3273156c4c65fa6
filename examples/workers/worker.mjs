import { MemoryCompletionStore, createCallbackHandler, createCheckoutHandler, createStatusHandler } from 'payfect-checkout/server';

let routes;

// Made on the first request, when `env` (vars and secrets) is known.
function makeRoutes(env) {
  // The checkouts onCompleted fulfilled, for the status route. In memory it is this isolate's alone:
  // in production, give both handlers one CompletionStore that every isolate shares.
  const completions = new MemoryCompletionStore();
  return {
    '/api/checkout': createCheckoutHandler({
      apiKey: env.PAYFECT_API_KEY, // a secret: wrangler secret put PAYFECT_API_KEY
      baseUrl: env.PAYFECT_BASE_URL, // unset: the real Payfect
      catalog: {
        'standard-plan': { name: 'Standard Plan', unitAmount: '20.50', currency: 'usdt' },
      },
      successUrl: `${env.SHOP_URL}/thanks`,
      cancelUrl: `${env.SHOP_URL}/cart`,
      callbackUrl: `${env.SHOP_URL}/api/payfect-callback`,
      clientAddressHeader: 'cf-connecting-ip', // set by Cloudflare's edge
    }),
    '/api/payfect-callback': createCallbackHandler({
      apiKey: env.PAYFECT_API_KEY,
      baseUrl: env.PAYFECT_BASE_URL,
      signingKey: env.PAYFECT_SIGNING_KEY,
      store: completions,
      onCompleted: (paid) => console.log(`Paid: ${paid.id} ${paid.amountTotal} ${paid.currency}`), // fulfil the order here
    }),
    // What the return page asks: GET /api/checkout-status?id=… → { id, status, fulfilled }.
    '/api/checkout-status': createStatusHandler({
      apiKey: env.PAYFECT_API_KEY,
      baseUrl: env.PAYFECT_BASE_URL,
      store: completions,
      clientAddressHeader: 'cf-connecting-ip',
    }),
  };
}

export default {
  fetch(request, env) {
    routes ??= makeRoutes(env);
    const route = routes[new URL(request.url).pathname];
    return route ? route(request) : new Response('Not found', { status: 404 });
  },
};
