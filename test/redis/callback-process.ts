// One instance of the callback handler: the Node adapter on a free port, the Redis completion store, Query at the
// emulator over HTTP. onCompleted counts its runs in Redis itself, so the test reads one total across processes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { createClient } from 'redis';
import { createCallbackHandler } from '../../src/server/index.js';
import { toNodeListener } from '../../src/server/http/node-adapter.js';
import { createRedisStores } from '../../src/server/stores/redis/index.js';
import { API_KEY } from '../server/fake-payfect.js';
import { fulfilmentCounter, type CallbackConfig, type InstanceMessage } from './instance-config.js';

const config = JSON.parse(process.env.INSTANCE_CONFIG ?? '') as CallbackConfig;
const send = (message: InstanceMessage) => process.send?.(message);

const redis = createClient({ url: config.redisUrl });
redis.on('error', () => send({ redis: 'error' }));
redis.on('ready', () => send({ redis: 'ready' }));
await redis.connect();
const stores = createRedisStores(redis, { prefix: config.prefix });

const handler = createCallbackHandler({
  apiKey: API_KEY,
  signingKey: config.signingKey,
  baseUrl: `${config.emulatorUrl}/api/v1`,
  store: stores.completion,
  onCompleted: async (checkout) => {
    await delay(config.fulfilmentMs);
    await redis.incr(fulfilmentCounter(config.prefix, checkout.id));
  },
});

const server = createServer(toNodeListener(handler));
server.listen(0, '127.0.0.1', () => send({ port: (server.address() as AddressInfo).port }));
process.on('disconnect', () => process.exit(0));
