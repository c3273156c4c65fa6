// The lease engine under interleavings fast-check's scheduler picks: the order of every store answer, Query answer,
// Payfect answer and delivery, with store calls that fail, lose their answer, answer late or stall until the store
// comes back. Time is node's mocked clock, moved only when nothing scheduled is left to run.
import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import fc from 'fast-check';
import {
  MemoryCompletionStore,
  MemoryIdempotencyStore,
  createCallbackHandler,
  createCheckoutHandler,
  type CompletionStore,
  type IdempotencyStore,
  type PayfectCallback,
} from '../../src/server/index.js';
import { LEASE_MS } from '../../src/server/stores/lease-engine.js';
import { STORE_TIME_LIMIT_MS } from '../../src/server/stores/store-calls.js';
import { fernetEncrypt, generateFernetKey } from '../../src/shared/fernet.js';
import { CATALOG, baseOptions, post, wireBody } from './checkout-fixtures.js';
import { API_KEY, createdReply, fakePayfect, payfectCheckoutReply, queryablePayfect } from './fake-payfect.js';
import { gate, settleOutsideWork } from './store-faults.js';

const SEED = 20_261_206;
const NUM_RUNS = 80;
/** Longer than a lease: a hook this slow must have its lease renewed. */
const SLOW_HOOK_MS = 1.5 * LEASE_MS;
/** Mocked time the clock may move in one phase before the run counts as stuck. */
const STUCK_AFTER_MS = 20 * 60_000;
const TICK_MS = 100;
/** The sender's retries once the faults stopped: over more than a lease, so an orphaned lease would be outlived. */
const RETRY_AFTER_MS = 1_000;
const RETRIES = (2 * LEASE_MS) / RETRY_AFTER_MS;

type Fault = 'fail' | 'lost' | 'late' | 'stall';
type Operation = 'reserve' | 'renew' | 'complete' | 'release';
type FaultPlan = Record<Operation, Fault[]>;

const fault = fc.constantFrom<Fault>('fail', 'lost', 'late', 'stall');
/** A few faults per operation, consumed in call order: a store that misses calls, never one down for a whole lease. */
const faultPlan: fc.Arbitrary<FaultPlan> = fc.record({
  reserve: fc.array(fault, { maxLength: 3 }),
  renew: fc.array(fault, { maxLength: 3 }),
  complete: fc.array(fault, { maxLength: 3 }),
  release: fc.array(fault, { maxLength: 3 }),
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Every store call answers in the scheduler's order, or meets its planned fault: `fail` does nothing and throws,
 * `lost` does it and throws (the answer never came), `late` does it and answers after the caller's time limit,
 * `stall` does it only once the faults stop, as a stopped redis-server does.
 */
class FaultyStore {
  readonly #scheduler: fc.Scheduler;
  readonly #plan: FaultPlan;
  readonly #back = gate();
  #faulty = true;

  constructor(scheduler: fc.Scheduler, plan: FaultPlan) {
    this.#scheduler = scheduler;
    this.#plan = { reserve: [...plan.reserve], renew: [...plan.renew], complete: [...plan.complete], release: [...plan.release] };
  }

  stopFaults(): void {
    this.#faulty = false;
    this.#back.open();
  }

  async call<T>(operation: Operation, run: () => T | Promise<T>): Promise<T> {
    const planned = this.#faulty ? this.#plan[operation].shift() : undefined;
    if (planned === 'stall') {
      await this.#back.opened;
      return run();
    }
    if (planned === 'late') {
      await sleep(STORE_TIME_LIMIT_MS + TICK_MS);
      return run();
    }
    await this.#scheduler.schedule(Promise.resolve(), operation);
    if (planned === 'fail') throw new Error(`store fault: ${operation} failed`);
    const answer = await run();
    if (planned === 'lost') throw new Error(`store fault: the answer to ${operation} was lost`);
    return answer;
  }

  completion(memory: MemoryCompletionStore): CompletionStore {
    return {
      reserve: (id, leaseMs) => this.call('reserve', () => memory.reserve(id, leaseMs)),
      renew: (id, token, leaseMs) => this.call('renew', () => memory.renew(id, token, leaseMs)),
      complete: (id, token, ttlMs) => this.call('complete', () => memory.complete(id, token, ttlMs)),
      release: (id, token) => this.call('release', () => memory.release(id, token)),
      isCompleted: (id) => memory.isCompleted(id),
    };
  }

  idempotency(memory: MemoryIdempotencyStore): IdempotencyStore {
    return {
      reserve: (key, fingerprint, leaseMs) => this.call('reserve', () => memory.reserve(key, fingerprint, leaseMs)),
      renew: (key, token, leaseMs) => this.call('renew', () => memory.renew(key, token, leaseMs)),
      complete: (key, token, value, ttlMs) => this.call('complete', () => memory.complete(key, token, value, ttlMs)),
      release: (key, token) => this.call('release', () => memory.release(key, token)),
    };
  }
}

/**
 * Runs scheduled tasks one at a time in the scheduler's order, letting outside work settle after each, so that a
 * seed replays the same run; when nothing scheduled is left, moves the mocked clock; until `done()`.
 */
async function drive(scheduler: fc.Scheduler, done: () => boolean): Promise<void> {
  for (let moved = 0; ; ) {
    await settleOutsideWork();
    if (done()) return;
    if (scheduler.count() > 0) {
      await scheduler.waitNext(1);
      continue;
    }
    if (moved >= STUCK_AFTER_MS) throw new Error('stuck: nothing settles');
    mock.timers.tick(TICK_MS);
    moved += TICK_MS;
  }
}

/** Settles `work` under `drive`, answering its outcome. */
async function driven<T>(scheduler: fc.Scheduler, work: Promise<T>): Promise<T> {
  let settled = false;
  work.then(
    () => (settled = true),
    () => (settled = true),
  );
  await drive(scheduler, () => settled);
  return work;
}

/** A fresh mocked clock per run, so no timer of one run fires in the next. */
async function withMockedClock<T>(run: () => Promise<T>): Promise<T> {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  try {
    return await run();
  } finally {
    mock.timers.reset();
  }
}

const SIGNING_KEY = generateFernetKey();
const CHECKOUT_IDS = ['chk-a', 'chk-b'];

function genuineNotification(id: string): PayfectCallback {
  return { id, amount: '20.50', status: 'succeeded', currency: 'usdt', client_reference_id: `order-${id}` };
}

const callbackScenario = fc.record({
  signed: fc.boolean(),
  hooks: fc.tuple(...CHECKOUT_IDS.map(() => fc.constantFrom('quick', 'slow', 'throwsOnce'))),
  deliveries: fc.array(fc.record({ checkout: fc.nat(CHECKOUT_IDS.length - 1), forged: fc.boolean(), instance: fc.nat(1) }), {
    minLength: 1,
    maxLength: 6,
  }),
  plan: faultPlan,
});

const checkoutScenario = fc.record({
  hook: fc.constantFrom('none', 'slowCatalog', 'slowOnCheckoutCreated'),
  firstCreateFails: fc.boolean(),
  requests: fc.array(fc.record({ instance: fc.nat(1), otherBody: fc.boolean() }), { minLength: 1, maxLength: 5 }),
  plan: faultPlan,
});

describe('the lease engine under any interleaving and store faults', () => {
  it("runs each paid checkout's onCompleted exactly once once the faults stop, among genuine, duplicate and forged notifications", async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), callbackScenario, (scheduler, scenario) =>
        withMockedClock(async () => {
          const store = new FaultyStore(scheduler, scenario.plan);
          const memory = new MemoryCompletionStore({ now: () => Date.now() });
          const query = queryablePayfect(
            new Map(
              CHECKOUT_IDS.map((id) => [
                id,
                payfectCheckoutReply({ id, status: 'complete', amountTotal: '20.50', currency: 'usdt', clientReferenceId: `order-${id}` }),
              ]),
            ),
          );
          const successes = new Map<string, number>();
          const attempts = new Map<string, number>();
          const running = new Set<string>();
          const violations: string[] = [];
          const handlers = [0, 1].map(() =>
            createCallbackHandler({
              apiKey: API_KEY,
              signingKey: scenario.signed ? SIGNING_KEY : undefined,
              fetch: scheduler.scheduleFunction((input: RequestInfo | URL, init?: RequestInit) => query.fetch(input, init)) as typeof fetch,
              store: store.completion(memory),
              onError: () => {},
              onCompleted: async (checkout, notification) => {
                if (running.has(checkout.id)) violations.push(`onCompleted ran twice at once for ${checkout.id}`);
                if (notification.amount !== '20.50') violations.push(`onCompleted ran for a forged notification of ${checkout.id}`);
                running.add(checkout.id);
                try {
                  const attempt = (attempts.get(checkout.id) ?? 0) + 1;
                  attempts.set(checkout.id, attempt);
                  const hook = scenario.hooks[CHECKOUT_IDS.indexOf(checkout.id)];
                  if (hook === 'slow') await sleep(SLOW_HOOK_MS);
                  else await scheduler.schedule(Promise.resolve(), `onCompleted ${checkout.id}`);
                  if (hook === 'throwsOnce' && attempt === 1) throw new Error('the warehouse is down');
                  successes.set(checkout.id, (successes.get(checkout.id) ?? 0) + 1);
                } finally {
                  running.delete(checkout.id);
                }
              },
            }),
          );
          const signatures = new Map<string, string>();
          for (const id of CHECKOUT_IDS) signatures.set(id, await fernetEncrypt(SIGNING_KEY, JSON.stringify(genuineNotification(id))));
          const deliver = (id: string, forged: boolean, instance: number): Promise<Response> => {
            const body = forged ? { ...genuineNotification(id), amount: '0.01' } : genuineNotification(id);
            const headers: Record<string, string> = { 'content-type': 'application/json' };
            if (scenario.signed && !forged) headers['x-payfect-signature'] = signatures.get(id)!;
            const request = new Request('https://shop.example/payfect/callback', { method: 'POST', headers, body: JSON.stringify(body) });
            return handlers[instance]!(request).then((response) => {
              // A 2xx is never sent before onCompleted succeeded for the checkout.
              if (response.status === 200 && (successes.get(id) ?? 0) === 0) violations.push(`200 before fulfilment for ${id}`);
              if (response.status === 200 && forged) violations.push(`a forged notification of ${id} was acknowledged`);
              return response;
            });
          };

          const answers = scenario.deliveries.map(({ checkout, forged, instance }, index) =>
            scheduler
              .schedule(Promise.resolve(), `delivery ${index}`)
              .then(() => deliver(CHECKOUT_IDS[checkout]!, forged, instance)),
          );
          await driven(scheduler, Promise.all(answers));

          // The store comes back; Payfect retries each paid checkout's genuine notification until it is acknowledged.
          store.stopFaults();
          const paid = [...new Set(scenario.deliveries.map(({ checkout }) => CHECKOUT_IDS[checkout]!))];
          for (const id of paid) {
            let acknowledged = false;
            for (let attempt = 0; attempt < RETRIES && !acknowledged; attempt++) {
              if (attempt > 0) await driven(scheduler, sleep(RETRY_AFTER_MS));
              acknowledged = (await driven(scheduler, deliver(id, false, attempt % 2))).status === 200;
            }
            assert.ok(acknowledged, `the genuine notification of ${id} was acknowledged once the faults stopped`);
            assert.equal(successes.get(id), 1, `onCompleted succeeded once for ${id}`);
          }
          assert.deepEqual(violations, []);
        }),
      ),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });

  it('creates at most one checkout per Idempotency-Key, among duplicates, another body, Payfect failures and store faults', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), checkoutScenario, (scheduler, scenario) =>
        withMockedClock(async () => {
          const store = new FaultyStore(scheduler, scenario.plan);
          const memory = new MemoryIdempotencyStore({ now: () => Date.now() });
          let creates = 0;
          let createdFor: 'same' | 'other' | undefined;
          let failuresLeft = scenario.firstCreateFails ? 1 : 0;
          const payfect = fakePayfect(
            scheduler.scheduleFunction(async (call) => {
              if (failuresLeft-- > 0) return Response.json({ detail: 'down' }, { status: 503 });
              creates++;
              createdFor = JSON.stringify(call.body).includes('?other') ? 'other' : 'same';
              const reply = createdReply(call);
              const checkout = (await reply.json()) as Record<string, unknown>;
              return Response.json({ ...checkout, id: `checkout-${creates}` }, { status: 201 });
            }),
          );
          const slowCatalog = async (productId: string) => (await sleep(SLOW_HOOK_MS), CATALOG[productId]);
          const handlers = [0, 1].map(() =>
            createCheckoutHandler(
              baseOptions({
                fetch: payfect.fetch,
                idempotency: { store: store.idempotency(memory) },
                onError: () => {},
                ...(scenario.hook === 'slowCatalog' && { catalog: slowCatalog }),
                ...(scenario.hook === 'slowOnCheckoutCreated' && { onCheckoutCreated: () => sleep(SLOW_HOOK_MS) }),
              }),
            ),
          );
          const sameBody = wireBody();
          const otherBody = wireBody({ success_url: 'https://shop.example/thanks?other' });
          const buy = (instance: number, body: Record<string, unknown>) =>
            handlers[instance]!(post(body, { 'idempotency-key': 'one-purchase' }), { clientAddress: '192.0.2.1' });

          const answers = scenario.requests.map(({ instance, otherBody: other }, index) =>
            scheduler.schedule(Promise.resolve(), `request ${index}`).then(() => buy(instance, other ? otherBody : sameBody)),
          );
          const replies = await driven(scheduler, Promise.all(answers));

          store.stopFaults();
          // The buyer retries the purchase until it has a checkout (or is told the key belongs to the other body's).
          const retried: Response[] = [];
          for (let attempt = 0; attempt < RETRIES; attempt++) {
            if (attempt > 0) await driven(scheduler, sleep(RETRY_AFTER_MS));
            const response = await driven(scheduler, buy(attempt % 2, sameBody));
            retried.push(response);
            if (response.status === 200 || (response.status === 400 && createdFor === 'other')) break;
          }
          assert.equal(creates, 1, 'the key created exactly one checkout once the faults stopped');
          assert.equal(retried.at(-1)!.status, createdFor === 'same' ? 200 : 400);
          const ids = new Set<unknown>();
          for (const response of [...replies, ...retried]) if (response.status === 200) ids.add(((await response.json()) as { id: unknown }).id);
          assert.ok(ids.size <= 1, `every checkout answered for the key is the same one: ${[...ids].join(', ')}`);
        }),
      ),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });
});
