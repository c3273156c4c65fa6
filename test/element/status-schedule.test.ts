import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { PayfectCheckoutStatusEvent } from '../../src/index.js';
import { answer, ClockedCheckoutStatus, hung, json, statusEndpoint, stopped, warnings, type StatusRequest } from './status-fixtures.js';

// When the element asks, in virtual time: 1 s after an answer, doubling, at most 5 s apart, until a
// final answer or the timeout; through failures; and never while it is off the page.

const ID = 'chk_schedule';

/** A clocked status element that has sent its first request; `reply` answers every request. */
async function clocked(reply: (request: StatusRequest, index: number) => Response | Promise<Response>, timeout = 120000) {
  const el = document.createElement('clocked-checkout-status') as ClockedCheckoutStatus;
  const endpoint = statusEndpoint(reply, el.clock);
  el.fetch = endpoint.fetch;
  el.checkoutId = ID;
  el.timeout = timeout;
  const states: string[] = [];
  el.addEventListener('payfect-checkout-status', (event) => states.push((event as PayfectCheckoutStatusEvent).detail.state));
  await fixture(html`<div>${el}</div>`);
  return { el, clock: el.clock, endpoint, states };
}

describe('<payfect-checkout-status> schedule', () => {
  it('asks at once, then 1 s, 2 s, 4 s, 5 s, 5 s after each answer', async () => {
    const { clock, endpoint } = await clocked(() => answer(ID, 'open'));
    const pauses: number[] = [];
    for (let i = 0; i < 5; i++) {
      // The timeout's pause, and the one before the next question.
      await clock.pending(2);
      pauses.push(clock.fireNext().ms);
    }
    await clock.pending(2);
    expect(pauses).to.deep.equal([1000, 2000, 4000, 5000, 5000]);
    expect(endpoint.requests.map((request) => request.at)).to.deep.equal([0, 1000, 3000, 7000, 12000, 17000]);
  });

  it('stops asking at a final answer, and drops the timeout with it', async () => {
    const { el, clock, endpoint, states } = await clocked((_, index) => (index < 2 ? answer(ID, 'open') : answer(ID, 'complete', true)));
    await clock.pending(2);
    clock.fireNext();
    await clock.pending(2);
    const confirmed = oneEvent(el, 'payfect-checkout-status');
    clock.fireNext();
    await confirmed;
    expect(states).to.deep.equal(['waiting', 'confirmed']);
    expect(endpoint.requests).to.have.length(3);
    expect(clock.timers, 'nothing left to wake the element').to.deep.equal([]);
  });

  it('keeps asking through failures, on the same schedule, and recovers', async () => {
    const replies = [
      () => json(503, { error: { code: 'store_unavailable', message: 'Redis is down' } }),
      () => Promise.reject(new TypeError('Failed to fetch')),
      () => answer(ID, 'open'),
      () => json(504, { error: { code: 'payfect_timeout', message: 'Payfect did not answer' } }),
      () => answer(ID, 'complete'),
      () => answer(ID, 'complete', true),
    ];
    let run: Awaited<ReturnType<typeof clocked>> | undefined;
    const lines = await warnings(async () => {
      run = await clocked((_, index) => replies[index]!());
      const { el, clock } = run;
      for (let i = 1; i < replies.length; i++) {
        await clock.pending(2);
        clock.fireNext();
      }
      if (el.state != 'confirmed') await oneEvent(el, 'payfect-checkout-status');
    });
    const { el, endpoint, states } = run!;
    expect(endpoint.requests.map((request) => request.at)).to.deep.equal([0, 1000, 3000, 7000, 12000, 17000]);
    expect(states).to.deep.equal(['error', 'waiting', 'error', 'waiting', 'confirmed']);
    expect(el.state).to.equal('confirmed');
    // One warning per distinct failure, not one per question.
    expect(lines).to.have.length(3);
    expect(lines[0]).to.contain('HTTP 503 store_unavailable');
    expect(lines[1]).to.contain('could not be reached');
    expect(lines[2]).to.contain('HTTP 504 payfect_timeout');
  });

  it('fires once per change, not once per answer', async () => {
    const { clock, endpoint, states } = await clocked((_, index) => answer(ID, index < 2 ? 'open' : 'complete'));
    for (let i = 0; i < 3; i++) {
      await clock.pending(2);
      clock.fireNext();
    }
    await clock.pending(2);
    expect(endpoint.requests).to.have.length(4);
    expect(states).to.deep.equal(['waiting', 'waiting']);
  });

  it('waits as long as a 429 Retry-After asks, when that is longer than its own pause', async () => {
    let run: Awaited<ReturnType<typeof clocked>> | undefined;
    await warnings(async () => {
      run = await clocked(() => json(429, { error: { code: 'rate_limited', message: 'Too many requests' } }, { 'retry-after': '30' }));
      const { clock } = run;
      await clock.pending(2);
      expect(clock.fireNext().ms).to.equal(30000);
      await clock.pending(2);
    });
    expect(run!.endpoint.requests.map((request) => request.at)).to.deep.equal([0, 30000]);
  });

  it('stops asking at the timeout, in the state it is in, and aborts a question in flight', async () => {
    const { el, clock, endpoint } = await clocked((request, index) => (index < 4 ? answer(ID, 'open') : hung(request)), 10000);
    for (let i = 0; i < 3; i++) {
      await clock.pending(2);
      clock.fireNext();
    }
    await clock.pending(2);
    // At 7 s, the next question would be at 12 s: the timeout at 10 s comes first.
    const deadline = clock.fireNext();
    expect(deadline.ms).to.equal(10000);
    await stopped(deadline.signal);
    expect(clock.timers, 'the pause before a next question is gone').to.deep.equal([]);
    expect(endpoint.requests.map((request) => request.at)).to.deep.equal([0, 1000, 3000, 7000]);
    expect(el.state).to.equal('waiting');

    const inFlight = await clocked((request, index) => (index == 0 ? answer(ID, 'open') : hung(request)), 2000);
    await inFlight.clock.pending(2);
    inFlight.clock.fireNext();
    const question = await inFlight.endpoint.request(1);
    expect(question.init.signal!.aborted).to.equal(false);
    expect(inFlight.clock.fireNext().ms).to.equal(2000);
    await stopped(question.init.signal!);
    await inFlight.el.updateComplete;
    expect(inFlight.el.state, 'an aborted question is no failure').to.equal('waiting');
  });

  it('warns at the timeout when Payfect says complete but onCompleted never ran', async () => {
    const { clock } = await clocked(() => answer(ID, 'complete'), 1500);
    const lines = await warnings(async () => {
      await clock.pending(2);
      clock.fireNext();
      await clock.pending(2);
      const deadline = clock.fireNext();
      expect(deadline.ms).to.equal(1500);
      await stopped(deadline.signal);
    });
    expect(lines).to.have.length(1);
    expect(lines[0]).to.contain(`checkout ${ID} is complete, but onCompleted has not run`).and.contain('signingKey');
  });

  it('stops asking when removed from the page, and asks again when put back', async () => {
    const { el, clock, endpoint } = await clocked(() => answer(ID, 'open'));
    await clock.pending(2);
    const parent = el.parentElement!;
    el.remove();
    expect(clock.timers, 'removal cancels the pause and the timeout').to.deep.equal([]);
    expect(endpoint.requests).to.have.length(1);
    parent.append(el);
    await clock.pending(2);
    expect(endpoint.requests).to.have.length(2);
  });

  it('does not ask again when put back after a final answer', async () => {
    const { el, clock, endpoint } = await clocked(() => answer(ID, 'expired'));
    await el.updateComplete;
    const parent = el.parentElement!;
    el.remove();
    parent.append(el);
    await el.updateComplete;
    expect(endpoint.requests).to.have.length(1);
    expect(clock.timers).to.deep.equal([]);
    expect(el.state).to.equal('expired');
  });
});
