import { createCallbackHandler, createCheckoutHandler } from 'payfect-checkout/server';

const env = process.env;
const shopUrl = env.SHOP_URL ?? 'http://127.0.0.1:3000';

const checkout = createCheckoutHandler({
  apiKey: env.PAYFECT_API_KEY!,
  baseUrl: env.PAYFECT_BASE_URL, // unset: the real Payfect
  catalog: {
    'standard-plan': { name: 'Standard Plan', unitAmount: '20.50', currency: 'usdt' },
  },
  successUrl: `${shopUrl}/thanks`,
  cancelUrl: `${shopUrl}/cart`,
  callbackUrl: `${shopUrl}/api/payfect-callback`,
});

const callback = createCallbackHandler({
  apiKey: env.PAYFECT_API_KEY!,
  baseUrl: env.PAYFECT_BASE_URL,
  signingKey: env.PAYFECT_SIGNING_KEY,
  onCompleted: (paid) => console.log(`Paid: ${paid.id} ${paid.amountTotal} ${paid.currency}`), // fulfil the order here
});

const server = Bun.serve({
  hostname: env.HOST ?? '127.0.0.1',
  port: Number(env.PORT ?? 3000),
  routes: {
    '/api/checkout': (request, server) => checkout(request, { clientAddress: server.requestIP(request)?.address }),
    '/api/payfect-callback': (request) => callback(request),
  },
});
console.log(`Listening on ${server.url}`);
