// Serves a Worker in workerd (Cloudflare's Workers runtime) through Miniflare, as `wrangler dev` does: the module is
// bundled by esbuild for workerd's conditions, and the environment's settings become the Worker's `env` bindings.
// Usage: node workers-host.mjs <worker.mjs>, with HOST, PORT and the bindings in the environment.
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

const BINDINGS = ['PAYFECT_API_KEY', 'PAYFECT_BASE_URL', 'PAYFECT_SIGNING_KEY', 'SHOP_URL'];

const [entry] = process.argv.slice(2);
const bundle = await build({
  entryPoints: [entry],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  conditions: ['workerd', 'worker', 'browser'],
  mainFields: ['module', 'main'],
  target: 'es2022',
  write: false,
});

const worker = new Miniflare({
  modules: true,
  script: bundle.outputFiles[0].text,
  compatibilityDate: '2025-09-01',
  host: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 8787),
  bindings: Object.fromEntries(BINDINGS.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]])),
});
console.log(`Listening on ${await worker.ready}`);

process.once('SIGTERM', () => {
  worker.dispose().then(() => process.exit(0));
});
