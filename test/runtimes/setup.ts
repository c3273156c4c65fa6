// Makes the matrix's runtimes and the built package ready: test/runtimes/ is its own package (its own lock), so the
// root install never downloads four runtimes; it is installed here, on first use and whenever its lock changes.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const MATRIX = fileURLToPath(new URL('.', import.meta.url));
const MODULES = join(MATRIX, 'node_modules');
/** Where the examples are copied to run: inside this package, so `express`, `next`, … and the package resolve. */
export const WORK = join(MATRIX, '.work');
const STAMP = join(MODULES, '.matrix-lock-sha256');

function run(command: string, args: string[], what: string): void {
  const result = spawnSync(command, args, { cwd: MATRIX, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) {
    const output = `${result.error?.message ?? ''}\n${result.stdout ?? ''}\n${result.stderr ?? ''}`.trim();
    throw new Error(`runtime matrix: ${what} failed (${command} ${args.join(' ')}):\n${output}`);
  }
}

/** `npm ci` in test/runtimes/ unless its node_modules was installed from this very lock. */
export function installRuntimes(): void {
  const lockHash = createHash('sha256').update(readFileSync(join(MATRIX, 'package-lock.json'))).digest('hex');
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === lockHash) return;
  run('npm', ['ci', '--no-audit', '--no-fund'], 'installing the runtimes of test/runtimes/package.json');
  writeFileSync(STAMP, lockHash);
}

/** A runtime's binary, checked to start: a package that installed without its binary fails here, by name. */
export function runtimeBinary(name: 'deno' | 'bun'): string {
  const binary = join(MODULES, '.bin', name);
  run(binary, ['--version'], `starting ${name} from the npm package "${name}"`);
  return binary;
}

/** A JavaScript file inside one of this package's dependencies, run with this Node. */
export function dependencyFile(path: string): string {
  const file = join(MODULES, path);
  if (!existsSync(file)) throw new Error(`runtime matrix: ${path} is missing from test/runtimes/node_modules`);
  return file;
}

/**
 * The package as a user's app resolves it: `payfect-checkout` in node_modules, pointing at this repository, so
 * its package.json `exports` map `payfect-checkout/server` to the freshly built dist/.
 */
export function linkPackage(): void {
  if (!existsSync(join(ROOT, 'dist/npm/server/index.js'))) {
    throw new Error('runtime matrix: dist/npm is missing; run `npm run build:npm` first (`npm run test:runtimes` does)');
  }
  const link = join(MODULES, 'payfect-checkout');
  rmSync(link, { force: true, recursive: true });
  symlinkSync(relative(MODULES, ROOT), link, 'dir');
}

/**
 * Copies examples/<name>/ into .work/<name>/ and returns that folder: the files run are docs/server.md's, byte for byte.
 * What a runtime left there besides them (Next.js's .next/ build cache) stays, so rebuilds are incremental.
 */
export function workCopy(name: string): string {
  const from = join(ROOT, 'examples', name);
  const to = join(WORK, name);
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) rmSync(join(to, entry), { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  return to;
}
