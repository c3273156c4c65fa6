import express from 'express';
import { MemoryCompletionStore, createCallbackHandler, createCheckoutHandler, createStatusHandler } from 'payfect-checkout/server';
import { toNodeListener } from 'payfect-checkout/server/node';

const { PAYFECT_API_KEY, PAYFECT_BASE_URL, PAYFECT_SIGNING_KEY, SHOP_URL = 'http://127.0.0.1:3000', HOST = '127.0.0.1', PORT = '3000' } =
  process.env;

const checkout = createCheckoutHandler({
  apiKey: PAYFECT_API_KEY,
  baseUrl: PAYFECT_BASE_URL, // unset: the real Payfect
  catalog: {
    'standard-plan': { name: 'Standard Plan', unitAmount: '20.50', currency: 'usdt' },
  },
  successUrl: `${SHOP_URL}/thanks`,
  cancelUrl: `${SHOP_URL}/cart`,
  callbackUrl: `${SHOP_URL}/api/payfect-callback`,
});

// The checkouts onCompleted fulfilled: written by the callback handler, read by the status handler.
// One instance; with more, use createRedisStores(…).completion from payfect-checkout/server/redis.
const completions = new MemoryCompletionStore();

const callback = createCallbackHandler({
  apiKey: PAYFECT_API_KEY,
  baseUrl: PAYFECT_BASE_URL,
  signingKey: PAYFECT_SIGNING_KEY,
  store: completions,
  onCompleted: (paid) => console.log(`Paid: ${paid.id} ${paid.amountTotal} ${paid.currency}`), // fulfil the order here
});

// What the return page asks: GET /api/checkout-status?id=… → { id, status, fulfilled }.
const status = createStatusHandler({ apiKey: PAYFECT_API_KEY, baseUrl: PAYFECT_BASE_URL, store: completions });

const app = express();
// All methods, so they answer CORS preflights and 405s; before express.json(), since they read the body themselves.
app.all('/api/checkout', toNodeListener(checkout));
app.all('/api/payfect-callback', toNodeListener(callback));
app.all('/api/checkout-status', toNodeListener(status));
app.use(express.json());
app.listen(Number(PORT), HOST, () => console.log(`Listening on http://${HOST}:${PORT}`));
