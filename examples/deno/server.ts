import { createCheckoutHandler } from 'payfect-checkout/server';

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
});

Deno.serve({ hostname: env.HOST ?? '127.0.0.1', port: Number(env.PORT ?? 8000) }, (request, info) => {
  if (new URL(request.url).pathname !== '/api/checkout') return new Response('Not found', { status: 404 });
  return checkout(request, { clientAddress: info.remoteAddr.hostname });
});
