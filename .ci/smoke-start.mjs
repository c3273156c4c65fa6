// Runs the README's `npm start` as a user would and buys the standard plan over plain HTTP:
// session endpoint -> hosted page -> Pay -> success page (with its status element), and the signed callback confirmed
// and fulfilled, as the status endpoint says. Node only.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const base = `http://127.0.0.1:${port}`;
// Its own process group, so npm, tsx and node all stop with it.
const demo = spawn('npm', ['start'], { cwd: root, env: { ...process.env, PORT: String(port) }, detached: true });
let log = '';
demo.stdout.on('data', (chunk) => (log += chunk));
demo.stderr.on('data', (chunk) => (log += chunk));
const stop = () => {
  try {
    process.kill(-demo.pid, 'SIGTERM');
  } catch {}
};
// Whatever ends this script, a thrown error included, ends the demo too.
process.on('exit', stop);

function fail(message) {
  stop();
  console.error(`${log}\nsmoke: ${message}`);
  process.exit(1);
}

async function eventually(check, what, tries = 120, delayMs = 250) {
  for (let i = 0; i < tries; i += 1) {
    if (demo.exitCode !== null) fail(`npm start exited with ${demo.exitCode}`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  fail(what);
}

await eventually(async () => log.includes(base), `npm start never printed ${base}`);
const page = await (await fetch(`${base}/`)).text();
if (!page.includes('<payfect-checkout-button')) fail('the demo page has no button');

const answer = await fetch(`${base}/api/checkout`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: base, 'idempotency-key': `smoke-${process.pid}` },
  body: JSON.stringify({ currency: 'usdt', invoice_items: [{ product_id: 'standard-plan', quantity: 2 }] }),
});
const session = await answer.json();
if (answer.status !== 200 || session.amountTotal !== '41.00') fail(`the endpoint answered ${answer.status} ${JSON.stringify(session)}`);

const hosted = await (await fetch(session.url)).text();
if (!hosted.includes('Pay')) fail('the hosted page has no Pay button');
const paid = await fetch(`${session.url}/pay`, { method: 'POST', redirect: 'manual' });
const location = paid.headers.get('location') ?? '';
if (!location.startsWith(`${base}/success.html`)) fail(`Pay redirected to '${location}' (${paid.status})`);

const success = await (await fetch(location)).text();
if (!success.includes('<payfect-checkout-status endpoint="/api/checkout-status"')) fail('the success page has no <payfect-checkout-status>');

// Fulfilled means the shop's callback handler checked the signature, confirmed with Query and ran onCompleted:
// what the success page's element asks the status endpoint, and then the order it shows.
await eventually(
  async () => (await (await fetch(`${base}/api/checkout-status?id=${session.id}`)).json()).fulfilled === true,
  'the status endpoint never said fulfilled for the paid checkout',
  40,
);
const order = await (await fetch(`${base}/api/demo/orders/${session.id}`)).json();
if (order.items?.[0]?.name !== 'Standard Plan' || order.amountTotal !== '41.00') fail(`the order is ${JSON.stringify(order)}`);
stop();
console.log('smoke: npm start bought a Standard Plan ×2 for 41.00 USDT; the callback handler confirmed it, onCompleted ran and the status endpoint says fulfilled');
