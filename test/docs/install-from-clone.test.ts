// The README's install step, on a fresh clone: `npm run tarball` installs (with no engine warning), builds
// and packs with nothing there before it, writes the tarball to tarball/ (ignored by git), and leaves the clone clean.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const TARBALL = `tarball/payfect-checkout-${version}.tgz`;

const clone = mkdtempSync(join(tmpdir(), 'payfect-clone-'));
after(() => rmSync(clone, { recursive: true, force: true }));

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: clone, encoding: 'utf8' });

// What a user's shell has: none of the npm_* settings of the `npm test` running this file.
const userEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_|^NODE_TEST_CONTEXT$|^INIT_CWD$/i.test(name)));

test('the README installs from the tarball that `npm run tarball` writes', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const install = readme.slice(readme.indexOf('## Install'), readme.indexOf('\n## ', readme.indexOf('## Install') + 1));
  assert.match(install, /^npm run tarball\b/m);
  assert.ok(install.includes(`npm install ~/payfect-checkout/${TARBALL}`), `the install line names ${TARBALL}`);
});

test('`npm run tarball` works on a fresh clone, and leaves it as it was', async () => {
  // A clone of this work tree as it is now: its tracked files and the new ones git does not ignore.
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((path) => path !== '' && lstatSync(join(ROOT, path), { throwIfNoEntry: false })?.isFile());
  for (const path of files) cpSync(join(ROOT, path), join(clone, path));
  git('init', '--quiet');
  git('add', '--all');
  git('commit', '--quiet', '--message', 'clone');
  assert.equal(existsSync(join(clone, 'node_modules')), false);

  const { stdout, stderr } = await promisify(execFile)('npm', ['run', 'tarball'], {
    cwd: clone,
    env: { ...userEnv, npm_config_prefer_offline: 'true' }, // the npm cache is warm from this repository's own install
    maxBuffer: 64 * 1024 * 1024,
  });

  assert.ok(existsSync(join(clone, TARBALL)), `${TARBALL} is written`);
  assert.ok(stdout.includes(`npm install ${join(clone, TARBALL)}`), 'it prints the command that installs the tarball');
  assert.equal(git('status', '--porcelain', '--untracked-files=all'), '', 'git status is clean after packing');
  // Every installed package supports the Node versions package.json declares (npm warns EBADENGINE otherwise).
  assert.doesNotMatch(stderr, /EBADENGINE/);
});
