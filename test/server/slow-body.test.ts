import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createCheckoutHandler } from '../../src/server/index.js';
import { toNodeListener } from '../../src/server/http/node-adapter.js';
import { baseOptions, wireBody } from './checkout-fixtures.js';
import { fakePayfect } from './fake-payfect.js';

const BODY_TIMEOUT_MS = 3000;

describe('a body that trickles in (slowloris)', () => {
  const payfect = fakePayfect();
  const server = createServer(toNodeListener(createCheckoutHandler(baseOptions({ fetch: payfect.fetch, bodyTimeoutMs: BODY_TIMEOUT_MS }))));
  let port = 0;
  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('is answered 408 request_timeout after bodyTimeoutMs, and its connection is closed', { timeout: BODY_TIMEOUT_MS * 4 }, async () => {
    const body = JSON.stringify(wireBody());
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write(
      `POST /api/checkout HTTP/1.1\r\nHost: shop.example\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    // One byte every 2 s: the body would take minutes to arrive.
    let sent = 0;
    const drip = setInterval(() => socket.write(body[sent++]!), 2000);
    socket.write(body[sent++]!);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    try {
      await once(socket, 'close');
    } finally {
      clearInterval(drip);
    }
    assert.match(answer, /^HTTP\/1\.1 408 /);
    assert.match(answer, /"code":"request_timeout"/);
    assert.ok(sent < body.length, `the server waited for only ${sent} of ${body.length} bytes`);
    assert.equal(payfect.calls.length, 0);
  });
});
