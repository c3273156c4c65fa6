// Scratch projects for the type test: each is a directory with node_modules laid out as an npm
// install of the package would be, with the built package (package.json + dist) instead of our sources.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const frameworks = fileURLToPath(new URL('./', import.meta.url));

interface LockEntry {
  dependencies?: Record<string, string>;
}

/** `roots` and their dependencies, as the lock file in `dir` resolves them (peers such as @types/react are each test's choice). */
export function withDependencies(dir: string, roots: string[]): string[] {
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const seen = new Set<string>();
  const visit = (name: string) => {
    const entry = lock.packages[`node_modules/${name}`];
    if (seen.has(name) || !entry) return;
    seen.add(name);
    for (const next of Object.keys(entry.dependencies ?? {})) visit(next);
  };
  for (const name of roots) visit(name);
  return [...seen];
}

/** The installed directory of each of `names`, in `dir`'s node_modules. */
export function installed(dir: string, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, join(dir, 'node_modules', name)]));
}

export interface Scratch {
  dir: string;
  remove(): void;
}

/**
 * A project in a temporary directory holding `files` (name → contents), the built package (its
 * package.json, dist and custom-elements.json) as node_modules/payfect-checkout, its runtime dependencies from the root, and `linked` packages
 * (install name → directory) from test/frameworks, which win over the root's (e.g. @types/react 18).
 */
export function scratchProject(files: Record<string, string>, linked: Record<string, string>): Scratch {
  const dir = mkdtempSync(join(tmpdir(), 'payfect-types-'));
  const modules = join(dir, 'node_modules');
  const link = (name: string, target: string) => {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    rmSync(join(modules, name), { force: true, recursive: true });
    symlinkSync(target, join(modules, name), 'dir');
  };
  const ownPackage = join(modules, 'payfect-checkout');
  mkdirSync(ownPackage, { recursive: true });
  cpSync(join(repo, 'package.json'), join(ownPackage, 'package.json'));
  symlinkSync(join(repo, 'dist'), join(ownPackage, 'dist'), 'dir');
  symlinkSync(join(repo, 'custom-elements.json'), join(ownPackage, 'custom-elements.json'), 'file');
  const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as LockEntry;
  const runtime = withDependencies(repo, [...Object.keys(manifest.dependencies ?? {}), '@types/node']);
  for (const [name, target] of Object.entries(installed(repo, runtime))) link(name, target);
  for (const [name, target] of Object.entries(linked)) link(name, target);
  for (const [name, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), contents);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
