// npm run load: the endpoint in front of the emulator over HTTP, one instance (stores in memory) and three (stores on
// Redis), at each connection count, with a mix of valid purchases, replayed Idempotency-Keys, tampered prices, garbage
// bodies and signed callbacks. LOAD_SECONDS (default 60) and LOAD_CONNECTIONS (default "50,200") shorten a run.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { generateFernetKey } from '../src/shared/fernet.js';
import { RedisServer } from '../test/support/redis-server.js';
import {
  LOAD_CATALOG,
  garbageBody,
  kindOf,
  tamperedPurchase,
  validPurchase,
  type LoadInstanceConfig,
  type LoadInstanceMessage,
  type Purchase,
} from './load-mix.js';
import { percentile } from './statistics.js';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CONNECTIONS = (process.env.LOAD_CONNECTIONS ?? '50,200').split(',').map(Number);
const REQUEST_TIMEOUT_MS = 30_000;
/** Replays pick one of this many latest purchases: a retry comes seconds after its attempt, well within the stores' caps. */
const REPLAY_WINDOW = 200;
/** One valid purchase in this many is paid at the emulator, so callbacks have something to confirm. */
const PAY_EVERY = 5;

interface Answer {
  status: number;
  body: string;
}

interface Instance {
  child: ChildProcess;
  agent: Agent;
  port: number;
}

interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
}

async function startInstances(count: number, config: LoadInstanceConfig, connections: number): Promise<Instance[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const child = fork(new URL('./load-instance.ts', import.meta.url), [], {
        execArgv: ['--import', 'tsx', '--expose-gc'],
        env: { ...process.env, LOAD_INSTANCE: JSON.stringify(config) },
      });
      const [message] = (await once(child, 'message')) as [LoadInstanceMessage];
      if (!('port' in message)) throw new Error('a load instance did not report its port');
      return { child, port: message.port, agent: new Agent({ keepAlive: true, maxSockets: connections }) };
    }),
  );
}

async function measure(instance: Instance): Promise<Memory & { fulfilled: number }> {
  instance.child.send('measure');
  const [message] = (await once(instance.child, 'message')) as [LoadInstanceMessage];
  if ('port' in message) throw new Error('unexpected message');
  return message;
}

function send(instance: Instance, path: string, headers: Record<string, string>, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: instance.port, path, method: 'POST', agent: instance.agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('no answer in time')));
    req.on('error', reject);
    req.end(body);
  });
}

interface RunResult {
  setup: string;
  connections: number;
  requests: number;
  p50: number;
  p99: number;
  fiveXx: number;
  unanswered: number;
  created: number;
  validKeys: number;
  ambiguous: number;
  tamperedAccepted: number;
  replayMismatches: number;
  fulfilled: number;
  paidNotified: number;
  warm: Memory;
  end: Memory;
  statuses: Record<string, number>;
  failures: Record<string, number>;
}

async function run(instanceCount: number, useRedis: boolean, connections: number): Promise<RunResult> {
  const redis = useRedis ? await RedisServer.start() : undefined;
  const captured: Array<{ body: string; signature: string }> = [];
  const signingKey = generateFernetKey();
  const payfect: RunningEmulator = await startEmulator({
    signingKey,
    maxRecords: Number.POSITIVE_INFINITY,
    // Callbacks are kept, not delivered: the generator sends them (and their copies) to the instances itself.
    callbackFetch: async (_url, init) => {
      captured.push({ body: String(init?.body), signature: new Headers(init?.headers).get('x-payfect-signature') ?? '' });
      return new Response(null, { status: 204 });
    },
  });
  const instances = await startInstances(instanceCount, { emulatorUrl: payfect.url, signingKey, ...(redis && { redisUrl: redis.url }) }, connections);

  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const failures: Record<string, number> = {};
  let fiveXx = 0;
  let unanswered = 0;
  let tamperedAccepted = 0;
  let replayMismatches = 0;
  /** Valid purchases answered 5xx or not at all: Payfect may or may not have created their checkout. */
  let ambiguous = 0;
  const validKeys = new Set<string>();
  const paidNotified = new Set<string>();
  const recent: Array<{ purchase: Purchase; id: Promise<string | undefined> }> = [];
  let counter = 0;

  async function one(index: number): Promise<void> {
    const instance = instances[index % instances.length]!;
    const kind = kindOf(index);
    let answer: Answer;
    const started = performance.now();
    let sent: Promise<Answer>;
    let purchase: Purchase | undefined;
    let original: { purchase: Purchase; id: Promise<string | undefined> } | undefined;
    let resolveId: ((id: string | undefined) => void) | undefined;
    let callbackId: string | undefined;
    if (kind === 'callback' && captured.length > 0) {
      const { body, signature } = captured[(index * 7919) % captured.length]!;
      callbackId = (JSON.parse(body) as { id: string }).id;
      sent = send(instance, '/payfect/callback', { 'content-type': 'application/json', 'x-payfect-signature': signature }, body);
    } else if (kind === 'garbage' || kind === 'callback') {
      const { contentType, body } = garbageBody(index);
      sent = send(instance, kind === 'callback' ? '/payfect/callback' : '/api/checkout', { 'content-type': contentType }, body);
    } else {
      if (kind === 'replay' && recent.length > 0) original = recent[(index * 7919) % recent.length]!;
      purchase = original?.purchase ?? (kind === 'tampered' ? tamperedPurchase(index) : validPurchase(index));
      if (original === undefined && kind !== 'tampered') {
        const entry = { purchase, id: new Promise<string | undefined>((resolve) => (resolveId = resolve)) };
        recent[recent.length < REPLAY_WINDOW ? recent.length : index % REPLAY_WINDOW] = entry;
      }
      sent = send(instance, '/api/checkout', { 'content-type': 'application/json', 'idempotency-key': purchase.key, 'x-load-client': purchase.client }, purchase.body);
    }
    try {
      answer = await sent;
    } catch (error) {
      unanswered += 1;
      const reason = `${kind}: ${error instanceof Error ? error.message : String(error)}`;
      failures[reason] = (failures[reason] ?? 0) + 1;
      if (purchase !== undefined && kind !== 'tampered') ambiguous += 1;
      resolveId?.(undefined);
      return;
    }
    latencies.push(performance.now() - started);
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    if (answer.status >= 500) fiveXx += 1;
    if (callbackId !== undefined && answer.status === 200) paidNotified.add(callbackId);
    if (purchase === undefined) return;
    const id = answer.status === 200 ? (JSON.parse(answer.body) as { id: string }).id : undefined;
    resolveId?.(id);
    if (answer.status >= 500 && kind !== 'tampered') ambiguous += 1;
    if (kind === 'tampered') {
      if (answer.status === 200) tamperedAccepted += 1;
      return;
    }
    if (id === undefined) return;
    validKeys.add(purchase.key);
    if (original !== undefined) {
      const first = await original.id;
      if (first !== undefined && first !== id) replayMismatches += 1;
    } else if (index % (PAY_EVERY * 20) < 20) {
      payfect.emulator.pay(id);
    }
  }

  const startAt = performance.now();
  const endAt = startAt + SECONDS * 1000;
  const warmAt = startAt + Math.max(5, SECONDS / 4) * 1000;
  let warm: Memory | undefined;
  const warmMeasured = new Promise<void>((resolve) =>
    setTimeout(async () => {
      warm = sum(await Promise.all(instances.map(measure)));
      resolve();
    }, warmAt - startAt),
  );
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < endAt) await one(counter++);
    }),
  );
  await warmMeasured;
  const ends = await Promise.all(instances.map(measure));
  const result: RunResult = {
    setup: instanceCount === 1 ? '1 instance, memory stores' : `${instanceCount} instances, Redis stores`,
    connections,
    requests: latencies.length + unanswered,
    p50: percentile(Float64Array.from(latencies), 50),
    p99: percentile(Float64Array.from(latencies), 99),
    fiveXx,
    unanswered,
    created: payfect.emulator.checkouts.size,
    validKeys: validKeys.size,
    ambiguous,
    tamperedAccepted: tamperedAccepted + mispriced(payfect),
    replayMismatches,
    fulfilled: ends.reduce((total, memory) => total + memory.fulfilled, 0),
    paidNotified: paidNotified.size,
    warm: warm!,
    end: sum(ends),
    statuses,
    failures,
  };
  for (const instance of instances) {
    instance.agent.destroy();
    instance.child.kill();
    await once(instance.child, 'exit');
  }
  await payfect.close();
  await redis?.stop();
  return result;
}

/** Checkouts the emulator holds at a unit price that is not the catalog's: a tampered price that got through. */
function mispriced(payfect: RunningEmulator): number {
  let count = 0;
  const prices = new Map(Object.values(LOAD_CATALOG).map((product) => [product.name, product.unitAmount]));
  for (const checkout of payfect.emulator.checkouts.values()) {
    if (checkout.invoiceItems.some((item) => prices.get(item.priceData.productData.name) !== item.priceData.unitAmount)) count += 1;
  }
  return count;
}

function sum(memories: readonly Memory[]): Memory {
  return memories.reduce(
    (total, memory) => ({ rss: total.rss + memory.rss, heapUsed: total.heapUsed + memory.heapUsed, external: total.external + memory.external }),
    { rss: 0, heapUsed: 0, external: 0 },
  );
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)}`;
const change = (from: number, to: number) => `${to >= from ? '+' : ''}${(((to - from) / from) * 100).toFixed(0)}%`;

console.log(`npm run load: ${SECONDS} s per run, connections ${CONNECTIONS.join(' then ')}\n`);
console.log('| setup | conns | requests | p50 | p99 | 5xx | unanswered | checkouts created / valid keys answered (+ valid purchases answered 5xx or not) | tampered accepted | replays answered another id | fulfilled / paid checkouts notified | RSS warm → end (MiB) | heap warm → end (MiB) |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const [instanceCount, useRedis] of [[1, false], [3, true]] as const) {
  for (const connections of CONNECTIONS) {
    const r = await run(instanceCount, useRedis, connections);
    console.log(
      `| ${r.setup} | ${r.connections} | ${r.requests.toLocaleString('en-US')} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.fiveXx} | ${r.unanswered} | ` +
        `${r.created.toLocaleString('en-US')} / ${r.validKeys.toLocaleString('en-US')} (+${r.ambiguous}) | ${r.tamperedAccepted} | ${r.replayMismatches} | ${r.fulfilled} / ${r.paidNotified} | ` +
        `${mib(r.warm.rss)} → ${mib(r.end.rss)} (${change(r.warm.rss, r.end.rss)}) | ${mib(r.warm.heapUsed)} → ${mib(r.end.heapUsed)} (${change(r.warm.heapUsed, r.end.heapUsed)}) |`,
    );
    console.error(`  statuses: ${JSON.stringify(r.statuses)}; external memory ${mib(r.warm.external)} → ${mib(r.end.external)} MiB; unanswered: ${JSON.stringify(r.failures)}`);
  }
}
