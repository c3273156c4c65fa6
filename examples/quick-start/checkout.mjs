import { createCheckoutHandler } from 'payfect-checkout/server';

export const checkout = createCheckoutHandler({
  apiKey: process.env.PAYFECT_API_KEY,
  baseUrl: process.env.PAYFECT_BASE_URL, // unset: Payfect's API; in tests, the emulator's `${url}/api/v1`
  catalog: {
    'standard-plan': { name: 'Standard Plan', unitAmount: '20.50', currency: 'usdt' },
  },
  successUrl: 'https://shop.example/thanks',
  cancelUrl: 'https://shop.example/cart',
  callbackUrl: 'https://shop.example/api/payfect-callback',
});
// checkout: (request: Request) => Promise<Response>
