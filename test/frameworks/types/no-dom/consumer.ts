// A server-only project (lib es2022, Node's types, no DOM lib) type-checks the server and emulator entries.
import { createCheckoutHandler, type CheckoutHandler } from 'payfect-checkout/server';
import { toNodeListener } from 'payfect-checkout/server/node';
import { createEmulator, startEmulator } from 'payfect-checkout/emulator';

const emulator = createEmulator();
const handler: CheckoutHandler = createCheckoutHandler({
  apiKey: 'pk_test_0123456789abcdef',
  catalog: { tshirt: { name: 'T-shirt', unitAmount: '20.50', currency: 'usdt' } },
  fetch: emulator.fetch,
});
const response: Promise<Response> = handler(new Request('http://localhost/api/checkout', { method: 'POST' }));
const listener = toNodeListener(handler);
const running = startEmulator;
export { response, listener, running };

// @ts-expect-error the handler takes a Request
handler('http://localhost/api/checkout');

// @ts-expect-error a misspelt option is a type error too (the options type is the strict schema's input)
createCheckoutHandler({ apiKey: 'pk_test_0123456789abcdef', catalog: {}, allowedOrigin: ['http://localhost:8080'] });
// @ts-expect-error nested options are strict as well
createCheckoutHandler({ apiKey: 'pk_test_0123456789abcdef', catalog: {}, rateLimit: { widowMs: 1000 } });
createCheckoutHandler({ apiKey: 'pk_test_0123456789abcdef', catalog: {}, allowedOrigins: ['http://localhost:8080'] as const, onError: false });
