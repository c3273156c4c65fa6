import { createCheckoutHandler } from 'payfect-checkout/server';

const { PAYFECT_API_KEY, PAYFECT_BASE_URL, SHOP_URL = 'http://127.0.0.1:3000' } = process.env;

let checkout;

// Made on the first request: `next build` imports this module, and must not need the key to do so.
function handler() {
  checkout ??= createCheckoutHandler({
    apiKey: PAYFECT_API_KEY,
    baseUrl: PAYFECT_BASE_URL, // unset: the real Payfect
    catalog: {
      'standard-plan': { name: 'Standard Plan', unitAmount: '20.50', currency: 'usdt' },
    },
    successUrl: `${SHOP_URL}/thanks`,
    cancelUrl: `${SHOP_URL}/cart`,
    callbackUrl: `${SHOP_URL}/api/payfect-callback`,
    clientAddressHeader: 'x-real-ip', // set by Vercel, or by your proxy
  });
  return checkout;
}

export const POST = (request) => handler()(request);
export const OPTIONS = POST; // only needed with allowedOrigins (CORS)
