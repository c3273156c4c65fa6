import { createCheckoutHandler } from 'payfect-checkout/server';

export const checkout = createCheckoutHandler({
  apiKey: process.env.PAYFECT_API_KEY,
  baseUrl: process.env.PAYFECT_BASE_URL, // unset: the real Payfect; http://127.0.0.1:4010/api/v1 for the emulator
  catalog: {
    'standard-plan': { name: 'Standard Plan', unitAmount: '20.50', currency: 'usdt' },
  },
  successUrl: 'https://shop.example/thanks',
  cancelUrl: 'https://shop.example/cart',
  callbackUrl: 'https://shop.example/api/payfect-callback',
});
// checkout: (request: Request) => Promise<Response>
