// One instance of the session endpoint: the Node adapter on a free port, the Redis stores, the emulator over HTTP.
// Forked by the tests; it reports its port, and whether its Redis client is connected, over IPC.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { createClient } from 'redis';
import { createCheckoutHandler } from '../../src/server/index.js';
import { toNodeListener } from '../../src/server/http/node-adapter.js';
import { createRedisStores } from '../../src/server/stores/redis/index.js';
import { API_KEY } from '../server/fake-payfect.js';
import { CATALOG, SHOP } from '../server/checkout-fixtures.js';
import type { EndpointConfig, InstanceMessage } from './instance-config.js';

const config = JSON.parse(process.env.INSTANCE_CONFIG ?? '') as EndpointConfig;
const send = (message: InstanceMessage) => process.send?.(message);

const redis = createClient({ url: config.redisUrl });
// node-redis emits 'error' while it reconnects; without a listener that would crash the process.
redis.on('error', () => send({ redis: 'error' }));
redis.on('ready', () => send({ redis: 'ready' }));
await redis.connect();
const stores = createRedisStores(redis, { prefix: config.prefix, timeoutMs: config.storeTimeoutMs });

const handler = createCheckoutHandler({
  apiKey: API_KEY,
  catalog: CATALOG,
  baseUrl: `${config.emulatorUrl}/api/v1`,
  successUrl: `${SHOP}/thanks`,
  cancelUrl: `${SHOP}/cart`,
  callbackUrl: `${SHOP}/payfect/callback`,
  // A buyer id header stands in for per-user limits, so one test's 30 buyers share an address but not a bucket.
  rateLimit: { max: config.rateLimitMax, windowMs: 60_000, store: stores.rateLimit, key: (request) => request.headers.get('x-buyer') ?? undefined },
  idempotency: { store: stores.idempotency },
  ...(config.payfectTimeoutMs !== undefined && { timeoutMs: config.payfectTimeoutMs }),
  ...(config.checkoutCreatedMs !== undefined && { onCheckoutCreated: () => delay(config.checkoutCreatedMs) }),
});

const server = createServer(toNodeListener(handler));
server.listen(0, '127.0.0.1', () => send({ port: (server.address() as AddressInfo).port }));
// The test runner going away takes its instances with it.
process.on('disconnect', () => process.exit(0));
