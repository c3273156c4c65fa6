// One instance under load: the session endpoint and the callback handler on one port (Node adapter), with the
// in-memory stores or the Redis ones, calling the emulator over HTTP. Forked by bench/load.ts (run with --expose-gc).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from 'redis';
import { MemoryRateLimitStore, createCallbackHandler, createCheckoutHandler } from '../src/server/index.js';
import { toNodeListener } from '../src/server/http/node-adapter.js';
import { createRedisStores } from '../src/server/stores/redis/index.js';
import { LOAD_API_KEY, LOAD_CATALOG, type LoadInstanceConfig, type LoadInstanceMessage } from './load-mix.js';

const config = JSON.parse(process.env.LOAD_INSTANCE ?? '') as LoadInstanceConfig;
const send = (message: LoadInstanceMessage) => process.send?.(message);

let stores: ReturnType<typeof createRedisStores> | undefined;
if (config.redisUrl !== undefined) {
  const redis = createClient({ url: config.redisUrl });
  redis.on('error', (error: unknown) => console.error('load instance: redis', error));
  await redis.connect();
  stores = createRedisStores(redis, { prefix: 'load:' });
}

/**
 * Caps small enough that the in-memory stores are full before the warm-up measure (so heap growth after it would be
 * a leak), and large enough that a replay outlives the queueing delay: at 1,000 a replay sent under 200 connections
 * could find its key evicted (about 1 s of new keys) and create a second checkout, which is the cap working as documented.
 */
const MEMORY_CAP = 5000;
const baseUrl = `${config.emulatorUrl}/api/v1`;
const checkout = createCheckoutHandler({
  apiKey: LOAD_API_KEY,
  catalog: LOAD_CATALOG,
  baseUrl,
  successUrl: 'https://shop.example/thanks',
  cancelUrl: 'https://shop.example/cart',
  callbackUrl: 'https://shop.example/payfect/callback',
  // The generator plays many buyers from one address; a real proxy would set this header.
  clientAddressHeader: 'x-load-client',
  rateLimit: { max: 1_000_000, windowMs: 60_000, store: stores?.rateLimit ?? new MemoryRateLimitStore({ maxKeys: MEMORY_CAP }) },
  idempotency: stores ? { store: stores.idempotency } : { maxEntries: MEMORY_CAP },
});
let fulfilled = 0;
const callback = createCallbackHandler({
  apiKey: LOAD_API_KEY,
  signingKey: config.signingKey,
  baseUrl,
  ...(stores && { store: stores.completion }),
  onCompleted: () => {
    fulfilled += 1;
  },
});

const checkoutListener = toNodeListener(checkout);
const callbackListener = toNodeListener(callback);
const server = createServer((req, res) => (req.url === '/payfect/callback' ? callbackListener(req, res) : checkoutListener(req, res)));
// Longer than the generator's idle sockets live, as behind a load balancer: else a request racing the server's close of
// an idle keep-alive socket ends in "socket hang up", which says nothing about the endpoint.
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => send({ port: (server.address() as AddressInfo).port }));

process.on('message', (message: string) => {
  if (message !== 'measure') return;
  // A full collection first, so the heap figure is what is kept, not garbage not yet collected.
  globalThis.gc?.();
  const { rss, heapUsed, external } = process.memoryUsage();
  send({ rss, heapUsed, external, fulfilled });
});
process.on('disconnect', () => process.exit(0));
