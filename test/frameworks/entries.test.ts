// Every entry point in package.json's exports imports in plain Node (no DOM), through the package's
// own name as an installed copy would be reached: the CDN file and the React wrapper included.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { frameworks, installed, repo, scratchProject, withDependencies } from './scratch.js';

const run = promisify(execFile);
const { exports } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };

const project = scratchProject({}, installed(frameworks, withDependencies(frameworks, ['react'])));
test.after(project.remove);

for (const entry of Object.keys(exports)) {
  const specifier = join('payfect-checkout', entry);
  test(`import '${specifier}' in Node, with no DOM`, async () => {
    const attributes = entry.endsWith('.json') ? ", { with: { type: 'json' } }" : '';
    const script = `
      if (typeof document != 'undefined' || typeof HTMLElement != 'undefined') throw new Error('a DOM is present');
      const module = await import(${JSON.stringify(specifier)}${attributes});
      console.log(JSON.stringify(Object.keys(module).sort()));`;
    const { stdout } = await run(process.execPath, ['--preserve-symlinks', '--input-type=module', '-e', script], {
      cwd: project.dir,
    });
    assert.ok(JSON.parse(stdout).length > 0, `${specifier} exports nothing`);
  });
}
