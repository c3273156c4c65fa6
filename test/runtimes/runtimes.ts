// The five runtimes docs/server.md names, each running that page's snippet (examples/<name>/) as its own server.
import { join } from 'node:path';
import { dependencyFile, MATRIX, runtimeBinary, workCopy } from './setup.js';
import { freePort, runToEnd, startServer, type ServerProcess } from './server-process.js';

/** What the snippets read besides their own address: the key, Payfect's address (the emulator) and its signing key. */
export interface SnippetSettings {
  PAYFECT_API_KEY: string;
  PAYFECT_BASE_URL: string;
  PAYFECT_SIGNING_KEY: string;
}

export interface Runtime {
  name: string;
  /**
   * The headers a trusted proxy or edge adds to name the client, where the platform gives the app no socket address:
   * the test stands in for that proxy. Elsewhere the runtime passes the socket's address and this is undefined.
   */
  proxyHeaders?: (clientAddress: string) => Record<string, string>;
  start(settings: SnippetSettings): Promise<ServerProcess>;
}

const QUIET = { NO_COLOR: '1', DO_NOT_TRACK: '1', NEXT_TELEMETRY_DISABLED: '1', DENO_NO_UPDATE_CHECK: '1' };

async function environment(settings: SnippetSettings) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { ...process.env, ...QUIET, ...settings, HOST: '127.0.0.1', PORT: String(port), SHOP_URL: url };
  return { url, env };
}

export const RUNTIMES: Runtime[] = [
  {
    name: 'Express on Node',
    async start(settings) {
      const { url, env } = await environment(settings);
      const cwd = workCopy('express');
      return startServer(process.execPath, ['server.mjs'], { cwd, env, url, probePath: '/api/checkout' });
    },
  },
  {
    name: 'Next.js App Router (next build, next start)',
    proxyHeaders: (clientAddress) => ({ 'x-real-ip': clientAddress }),
    async start(settings) {
      const { url, env } = await environment(settings);
      const cwd = workCopy('next');
      const next = dependencyFile('next/dist/bin/next');
      await runToEnd(process.execPath, [next, 'build'], { cwd, env });
      return startServer(process.execPath, [next, 'start', '-H', env.HOST, '-p', env.PORT], { cwd, env, url, probePath: '/api/checkout' });
    },
  },
  {
    name: 'Cloudflare Workers (workerd through Miniflare)',
    async start(settings) {
      const { url, env } = await environment(settings);
      const cwd = workCopy('workers');
      return startServer(process.execPath, [join(MATRIX, 'workers-host.mjs'), 'worker.mjs'], { cwd, env, url, probePath: '/api/checkout' });
    },
  },
  {
    name: 'Deno',
    async start(settings) {
      const { url, env } = await environment(settings);
      const cwd = workCopy('deno');
      // --no-lock: no deno.lock written beside test/runtimes/package.json.
      const args = ['run', '--no-lock', '--allow-net', '--allow-env', 'server.ts'];
      return startServer(runtimeBinary('deno'), args, { cwd, env, url, probePath: '/api/checkout' });
    },
  },
  {
    name: 'Bun',
    async start(settings) {
      const { url, env } = await environment(settings);
      const cwd = workCopy('bun');
      return startServer(runtimeBinary('bun'), ['server.ts'], { cwd, env, url, probePath: '/api/checkout' });
    },
  },
];
