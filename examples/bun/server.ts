import { createCheckoutHandler } from 'payfect-checkout/server';

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
});

const server = Bun.serve({
  hostname: env.HOST ?? '127.0.0.1',
  port: Number(env.PORT ?? 3000),
  routes: {
    '/api/checkout': (request, server) => checkout(request, { clientAddress: server.requestIP(request)?.address }),
  },
});
console.log(`Listening on ${server.url}`);
