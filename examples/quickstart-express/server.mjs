import { fileURLToPath } from 'node:url';
import express from 'express';
import { createCallbackHandler, createCheckoutHandler, createStatusHandler, MemoryCompletionStore } from 'payfect-checkout/server';
import { toNodeListener } from 'payfect-checkout/server/node';

const { PAYFECT_API_KEY, PAYFECT_BASE_URL, PAYFECT_SIGNING_KEY, HOST = '127.0.0.1', PORT = '3000' } = process.env;
// Where buyers open the shop and come back to after paying: your https origin in production.
const { SHOP_URL = `http://127.0.0.1:${PORT}` } = process.env;
const payfect = { apiKey: PAYFECT_API_KEY, baseUrl: PAYFECT_BASE_URL }; // no PAYFECT_BASE_URL: the real Payfect

const checkout = createCheckoutHandler({
  ...payfect,
  catalog: { 'standard-plan': { name: 'Standard Plan', unitAmount: '20.50', currency: 'usdt' } },
  successUrl: `${SHOP_URL}/success`,
  cancelUrl: `${SHOP_URL}/cancel`,
  callbackUrl: `${SHOP_URL}/api/payfect-callback`,
});
// Filled by the callback handler once onCompleted succeeded; read by the status handler for the success page.
const completions = new MemoryCompletionStore();
const callback = createCallbackHandler({
  ...payfect,
  signingKey: PAYFECT_SIGNING_KEY,
  store: completions,
  onCompleted: (paid) => console.log(`Paid: ${paid.id} ${paid.amountTotal} ${paid.currency}`), // fulfil the order here
});
const status = createStatusHandler({ ...payfect, store: completions });

const app = express();
// All methods (405s, CORS preflights), and before any body parser: the handlers read the body themselves.
app.all('/api/checkout', toNodeListener(checkout));
app.all('/api/payfect-callback', toNodeListener(callback));
app.all('/api/checkout-status', toNodeListener(status));
// The pages (/success is success.html), and /payfect-checkout.js from the installed package: one origin, so no CORS.
app.use(express.static(fileURLToPath(new URL('public', import.meta.url)), { extensions: ['html'] }));
app.use(express.static(fileURLToPath(new URL('.', import.meta.resolve('payfect-checkout/cdn')))));
// Express 5 hands a listen error (a busy port) to this callback instead of throwing it.
const server = app.listen(Number(PORT), HOST, (error) => {
  if (error?.code === 'EADDRINUSE') {
    console.error(`Port ${PORT} is in use: set PORT, e.g. PORT=${Number(PORT) + 1} node server.mjs`);
    process.exit(1);
  }
  if (error) throw error;
  const { address, port } = server.address();
  const listening = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  console.log(`Listening on ${listening}${SHOP_URL === listening ? '' : ` for the shop at ${SHOP_URL} (SHOP_URL)`}`);
});
