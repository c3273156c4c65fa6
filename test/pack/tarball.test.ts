import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';

// What `npm pack` ships, installed as a merchant installs it: into a project in a temp dir,
// far from this repository, so nothing resolves to our sources. Needs `npm run build` first
// (npm test builds), so packing here skips the prepack build.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  exports: Record<string, string | Record<string, string>>;
  bin: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

const scratch = mkdtempSync(join(tmpdir(), 'payfect-tarball-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface PackResult {
  filename: string;
  files: { path: string }[];
}

async function pack(...args: string[]): Promise<PackResult> {
  const { stdout } = await run(NPM, ['pack', '--json', '--ignore-scripts', ...args], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  return (JSON.parse(stdout) as PackResult[])[0]!;
}

test('the tarball ships dist/, its typings, custom-elements.json, README and LICENSE, and nothing else', async () => {
  const paths = (await pack('--dry-run')).files.map((file) => file.path);
  for (const required of ['package.json', 'README.md', 'LICENSE', 'custom-elements.json', 'dist/cdn/payfect-checkout.js', 'dist/npm/index.d.ts']) {
    assert.ok(paths.includes(required), `${required} is in the tarball`);
  }
  const stray = paths.filter(
    (path) =>
      !['package.json', 'README.md', 'LICENSE', 'custom-elements.json'].includes(path) &&
      !/^dist\/(npm\/.+\.(js|d\.ts)|cdn\/payfect-checkout\.js(\.sha384)?)$/.test(path),
  );
  assert.deepEqual(stray, [], 'no sources, tests, demo, screenshots, examples or source maps');
  for (const target of [...Object.values(ours.exports).flatMap((entry) => (typeof entry === 'string' ? [entry] : Object.values(entry))), ...Object.values(ours.bin)]) {
    assert.ok(paths.includes(target.replace(/^\.\//, '')), `${target}, named by package.json, is in the tarball`);
  }
});

test('no shipped file points at a source file that is not shipped', () => {
  // A source map or a `//# sourceMappingURL` would send a debugger to src/, which the tarball leaves out.
  const shipped = readFileSync(join(ROOT, 'dist/npm/index.js'), 'utf8') + readFileSync(join(ROOT, 'dist/cdn/payfect-checkout.js'), 'utf8');
  assert.doesNotMatch(shipped, /sourceMappingURL/);
});

before(async () => {
  const { filename } = await pack('--pack-destination', scratch);
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'merchant', private: true, type: 'module' }));
  await run(
    NPM,
    [
      'install', '--prefer-offline', '--no-audit', '--no-fund', `./${filename}`, `@types/node@${ours.devDependencies['@types/node']}`,
      // Optional peers (a framework for /react, a client for /server/redis) are what a merchant using that entry installs.
      ...Object.entries(ours.peerDependencies ?? {}).map(([name, range]) => `${name}@${range}`),
    ],
    { cwd: scratch, maxBuffer: 16 * 1024 * 1024 },
  );
});

test('every entry in package.json exports resolves in the installed tarball, and imports in plain Node', async () => {
  const installed = JSON.parse(readFileSync(join(scratch, 'node_modules', ours.name, 'package.json'), 'utf8')) as typeof ours;
  assert.equal(installed.version, ours.version);
  for (const [subpath, target] of Object.entries(installed.exports)) {
    const specifier = subpath === '.' ? ours.name : `${ours.name}/${subpath.slice(2)}`;
    const file = typeof target === 'string' ? target : (target.default ?? '');
    const load = file.endsWith('.json')
      ? `await import(${JSON.stringify(specifier)}, { with: { type: 'json' } })`
      : file.startsWith('./dist/cdn/')
        ? // The CDN file is for browsers (test/e2e/script-tag.test.ts runs it); here it must resolve and parse.
          `await import('node:child_process').then(({ execFileSync }) => (execFileSync(process.execPath, ['--check', new URL(import.meta.resolve(${JSON.stringify(specifier)})).pathname]), { parsed: true }))`
        : `await import(${JSON.stringify(specifier)})`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', `console.log(Object.keys(${load}).length);`], { cwd: scratch });
    assert.ok(Number(stdout) > 0, `${specifier} exports something`);
  }
});

test('the bin runs from the installed tarball', async () => {
  const { stdout } = await run(process.execPath, [join(scratch, 'node_modules/.bin/payfect-checkout'), '--help'], { cwd: scratch });
  assert.match(stdout, /payfect-checkout <command>/);
  assert.match(stdout, /serve/);
  assert.match(stdout, /emulator/);
});

test('a TypeScript consumer type-checks against the installed typings, misuse included', async () => {
  writeFileSync(
    join(scratch, 'consumer.ts'),
    `import { PayfectCheckoutButton, type PayfectCheckoutErrorEvent } from 'payfect-checkout';
import { createCheckoutHandler, CheckoutError, type Product } from 'payfect-checkout/server';
import { toNodeListener } from 'payfect-checkout/server/node';
import { createEmulator } from 'payfect-checkout/emulator';
import { createServer } from 'node:http';

const catalog: Record<string, Product> = { plan: { name: 'Plan', unitAmount: '20.50', currency: 'usdt' } };
const payfect = createEmulator();
const checkout = createCheckoutHandler({ apiKey: 'emulator-key-0001', catalog, fetch: payfect.fetch });
createServer(toNodeListener(checkout));
const answer: Promise<Response> = checkout(new Request('http://shop.test/api/checkout', { method: 'POST' }));
void answer;
new CheckoutError('unknown_product', 'gone');
// @ts-expect-error unitAmount is a decimal string, never a number
const wrong: Product = { name: 'Plan', unitAmount: 20.5, currency: 'usdt' };
void wrong;

const button: PayfectCheckoutButton = document.createElement('payfect-checkout-button');
button.amount = '20.50';
button.addEventListener('payfect-checkout-error', (event: PayfectCheckoutErrorEvent) => console.warn(event.detail.code));
`,
  );
  writeFileSync(
    join(scratch, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        types: ['node'],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
      },
      files: ['consumer.ts'],
    }),
  );
  const result = await run(process.execPath, [TSC, '-p', join(scratch, 'tsconfig.json')], { cwd: scratch }).catch(
    (error: { stdout: string; code: number }) => error,
  );
  assert.equal('code' in result ? result.stdout : '', '', 'tsc reports no error');
});
