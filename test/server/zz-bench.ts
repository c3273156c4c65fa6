import { createServer } from 'node:http';
import autocannon from 'autocannon';
import { createCheckoutHandler } from '../../src/server/index.js';
import { toNodeListener } from '../../src/server/node.js';
import { CheckoutRequest } from '../../src/shared/checkout-request.js';
import { payfectCheckoutReply } from './fake-payfect.js';
import { baseOptions, wireBody } from './checkout-fixtures.js';

const reply = JSON.stringify(payfectCheckoutReply());
const fetch = (async () => new Response(reply, { status: 201, headers: { 'content-type': 'application/json' } })) as typeof globalThis.fetch;
const body = JSON.stringify(wireBody());
const mode = process.argv[2];

const raw = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const parsed = CheckoutRequest.safeParse(JSON.parse(Buffer.concat(chunks).toString()));
    res.writeHead(parsed.success ? 200 : 400, { 'content-type': 'application/json' });
    res.end(JSON.stringify(parsed.success ? JSON.parse(reply) : {}));
  });
});
import { PayfectCheckout } from '../../src/shared/payfect-api.js';
const rawFull = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const parsed = CheckoutRequest.safeParse(JSON.parse(Buffer.concat(chunks).toString()));
    const reply = await fetch('http://x/checkouts/', { method: 'POST', body: JSON.stringify(parsed.data) });
    const checkout = PayfectCheckout.safeParse(JSON.parse(await reply.text()));
    res.writeHead(parsed.success && checkout.success ? 200 : 400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: checkout.data?.id, url: checkout.data?.url }));
  });
});
const ours = createServer(toNodeListener(createCheckoutHandler(baseOptions({ fetch, rateLimit: false, idempotency: false, successUrl: undefined, cancelUrl: undefined }))));
const server = mode === 'raw' ? raw : mode === 'rawfull' ? rawFull : ours;
server.listen(0, '127.0.0.1', async () => {
  const port = (server.address() as any).port;
  const result = await autocannon({ url: `http://127.0.0.1:${port}/api/checkout`, method: 'POST', headers: { 'content-type': 'application/json' }, body: body.replace(/https:\/\/shop.example/g, `http://127.0.0.1:${port}`), connections: 50, duration: 3 });
  console.log(mode, 'req/s', result.requests.average, 'p99', result.latency.p99, 'non2xx', result.non2xx, 'errors', result.errors);
  server.close(); process.exit(0);
});
