// Installs this package's test-only dependencies with `npm ci`, unless node_modules already matches the lock file.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const here = new URL('./', import.meta.url);
const stamp = new URL('node_modules/.payfect-lock-sha256', here);
const hash = createHash('sha256').update(readFileSync(new URL('package-lock.json', here))).digest('hex');

if (!existsSync(stamp) || readFileSync(stamp, 'utf8') != hash) {
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
  writeFileSync(stamp, hash);
}
