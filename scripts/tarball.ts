// `npm run tarball` (after its npm install and build): the package's tarball, written to tarball/,
// which git ignores, so packing leaves the work tree clean; prints the command that installs it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const TARBALL_DIR = 'tarball';

const root = fileURLToPath(new URL('../', import.meta.url));
const folder = fileURLToPath(new URL(`../${TARBALL_DIR}/`, import.meta.url));
// A fresh folder, so the only tarball in it is this build's.
rmSync(folder, { recursive: true, force: true });
mkdirSync(folder);
// The npm script has just built; --ignore-scripts skips prepack's second build.
const packed = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', folder], { cwd: root, encoding: 'utf8' }),
) as { filename: string }[];
const tarball = `${folder}${packed[0]!.filename}`;
console.log(`\nWrote ${TARBALL_DIR}/${packed[0]!.filename}. In your project:\n\n  npm install ${tarball}\n`);
