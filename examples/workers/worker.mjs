import { createCheckoutHandler } from 'payfect-checkout/server';

let checkout;

export default {
  fetch(request, env) {
    if (new URL(request.url).pathname !== '/api/checkout') return new Response('Not found', { status: 404 });
    checkout ??= createCheckoutHandler({
      apiKey: env.PAYFECT_API_KEY, // a secret: wrangler secret put PAYFECT_API_KEY
      baseUrl: env.PAYFECT_BASE_URL, // unset: the real Payfect
      catalog: {
        'standard-plan': { name: 'Standard Plan', unitAmount: '20.50', currency: 'usdt' },
      },
      successUrl: `${env.SHOP_URL}/thanks`,
      cancelUrl: `${env.SHOP_URL}/cart`,
      clientAddressHeader: 'cf-connecting-ip', // set by Cloudflare's edge
    });
    return checkout(request);
  },
};
