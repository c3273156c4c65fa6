import { createServer } from 'node:http';
import autocannon from 'autocannon';
import { getRequestListener } from '@hono/node-server';
const mode = process.argv[2];
const listener = getRequestListener(async (request) => {
  let text = '';
  if (mode === 'text') text = await request.text();
  else { const r = request.body!.getReader(); for (;;) { const { done, value } = await r.read(); if (done) break; text += value.length; } }
  return new Response(JSON.stringify({ n: text.length }), { headers: { 'content-type': 'application/json' } });
});
const server = createServer(listener);
server.listen(0, '127.0.0.1', async () => {
  const port = (server.address() as any).port;
  const result = await autocannon({ url: `http://127.0.0.1:${port}/`, method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(600), connections: 50, duration: 4 });
  console.log(mode, 'req/s', result.requests.average, 'p99', result.latency.p99);
  server.close(); process.exit(0);
});
