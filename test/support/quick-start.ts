// A quick start as a merchant runs it: examples/<name>/ copied to a temporary folder, with node_modules laid out as
// its `npm install` leaves it, and its commands.sh read into the commands the README shows, run as written.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, runOutcome, runToEnd, startServer, type ServerProcess } from '../runtimes/server-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FRAMEWORKS = join(ROOT, 'test/frameworks');
/** Where the quick starts' dependencies come from: the root's devDependencies (express, vite, typescript), then test/frameworks' (react). */
const INSTALLED = [join(ROOT, 'node_modules'), join(FRAMEWORKS, 'node_modules')];
/** The ports the examples write: the emulator, the shop's server, Vite, `payfect-checkout serve`, a static page host. */
const EXAMPLE_PORTS = [4010, 3000, 5173, 8787, 8080] as const;
const EXAMPLE_PORT = new RegExp(`(?<![\\w.])(${EXAMPLE_PORTS.join('|')})(?![\\w.])`, 'g');
const TEXT_FILE = /\.(html|m?js|tsx?|json|sh)$/;

/** One line of commands.sh: its `NAME=value` prefixes, and the words after them. */
export interface Command {
  text: string;
  env: Record<string, string>;
  argv: string[];
}

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  bin?: string | Record<string, string>;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Manifest;

/**
 * commands.sh's commands, continuation lines joined. Each is plain words: the parse fails on anything a shell would
 * read differently (quotes, `$`, pipes, `&&`), so what runs here is what the README's reader types.
 */
export function readCommands(file: string): Command[] {
  return readFileSync(file, 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    // A `#` after a space starts a comment, as in sh.
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line !== '')
    .map((text) => {
      if (/["'`$|&;<>()\\]/.test(text)) throw new Error(`${file}: "${text}" needs a shell to read; keep each command plain words`);
      const words = text.split(/\s+/);
      const env: Record<string, string> = {};
      while (/^[A-Z_]+=/.test(words[0] ?? '')) {
        const word = words.shift()!;
        env[word.slice(0, word.indexOf('='))] = word.slice(word.indexOf('=') + 1);
      }
      return { text, env, argv: words };
    });
}

export interface QuickStart {
  dir: string;
  commands: Command[];
  /** The free port that stands for one the example writes (4010, 3000, …). */
  port(example: (typeof EXAMPLE_PORTS)[number]): number;
  /** http://127.0.0.1:<that port> */
  origin(example: (typeof EXAMPLE_PORTS)[number]): string;
  /** Runs a command that ends (`npx vite build`), failing with its output. */
  run(command: Command): Promise<void>;
  /** Runs a command to its end, whatever its exit code: a server that refuses to start, say. */
  outcome(command: Command): Promise<{ code: number | null; output: string }>;
  /** Starts a command that serves, resolved once `origin + probePath` answers HTTP. */
  start(command: Command, origin: string, probePath?: string): Promise<ServerProcess>;
  /** The first command whose text contains `words`; failing, by name, when commands.sh has none. */
  command(words: string): Command;
  /** The commands not run yet: none by the end, or the README shows a command no test ran. */
  notRun(): string[];
  remove(): Promise<void>;
}

/** The package as `npm install` leaves it: package.json, dist/ and the manifest copied (a link would make tools resolve its imports from this repository). */
function installPackage(modules: string): void {
  if (!existsSync(join(ROOT, 'dist/npm/server/index.js')) || !existsSync(join(ROOT, 'dist/cdn/payfect-checkout.js'))) {
    throw new Error('quick starts: dist/ is missing; run `npm run build` first (`npm test` does)');
  }
  const target = join(modules, 'payfect-checkout');
  mkdirSync(target, { recursive: true });
  for (const file of ['package.json', 'dist', 'custom-elements.json']) cpSync(join(ROOT, file), join(target, file), { recursive: true });
  for (const name of Object.keys(readJson(join(ROOT, 'package.json')).dependencies ?? {})) link(modules, name, installedDir(name));
}

function installedDir(name: string): string {
  const dir = INSTALLED.map((modules) => join(modules, name)).find((candidate) => existsSync(join(candidate, 'package.json')));
  if (dir === undefined) throw new Error(`quick starts: "${name}" is installed neither at the root nor in test/frameworks`);
  return dir;
}

function link(modules: string, name: string, target: string): void {
  mkdirSync(dirname(join(modules, name)), { recursive: true });
  symlinkSync(target, join(modules, name), 'dir');
}

/** The file `npx <bin>` runs: the bin of that name among the project's packages, as npm links it into node_modules/.bin. */
function binFile(modules: string, bin: string): string {
  const names = readdirSync(modules).flatMap((entry) =>
    entry.startsWith('@') ? readdirSync(join(modules, entry)).map((scoped) => `${entry}/${scoped}`) : [entry],
  );
  for (const name of names) {
    const manifest = join(modules, name, 'package.json');
    if (!existsSync(manifest)) continue;
    const bins = readJson(manifest).bin;
    const file = typeof bins === 'string' ? (name === bin ? bins : undefined) : bins?.[bin];
    if (file !== undefined) return join(modules, name, file);
  }
  throw new Error(`quick starts: npx ${bin}: no installed package has that bin`);
}

/**
 * examples/<name>/ in a temporary folder, ready to run. Every port the example writes becomes a free one, in every
 * file and command alike (the only change), so runs never collide; `npm install`'s result is the layout above.
 */
export async function quickStart(name: string): Promise<QuickStart> {
  const dir = mkdtempSync(join(tmpdir(), `payfect-${name}-`));
  cpSync(join(ROOT, 'examples', name), dir, { recursive: true });
  const ports = new Map<number, number>();
  for (const example of EXAMPLE_PORTS) ports.set(example, await freePort());
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = join(dir, entry);
    if (!TEXT_FILE.test(entry)) continue;
    writeFileSync(file, readFileSync(file, 'utf8').replace(EXAMPLE_PORT, (port) => String(ports.get(Number(port)))));
  }

  const manifest = readJson(join(dir, 'package.json'));
  const modules = join(dir, 'node_modules');
  const wanted = { ...manifest.dependencies, ...manifest.devDependencies };
  if (Object.keys(wanted).some((dependency) => ['react', '@types/react'].includes(dependency))) {
    execFileSync(process.execPath, [join(FRAMEWORKS, 'ensure-installed.mjs')], { stdio: 'inherit' });
  }
  for (const dependency of Object.keys(wanted)) {
    if (dependency === 'payfect-checkout') installPackage(modules);
    else link(modules, dependency, installedDir(dependency));
  }

  const commands = readCommands(join(dir, 'commands.sh'));
  // `npm install` is the layout above.
  const ran = new Set(commands.filter((command) => command.text === 'npm install'));
  const running: ServerProcess[] = [];
  // A clean slate: only what the command itself sets, as in a fresh terminal.
  const baseEnv = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(PAYFECT_|SHOP_URL$|PORT$|HOST$|NODE_OPTIONS$)/.test(key)),
  );
  const spawnArgs = (command: Command): [string, string[], { cwd: string; env: NodeJS.ProcessEnv }] => {
    ran.add(command);
    const [program = '', ...args] = command.argv;
    const options = { cwd: dir, env: { ...baseEnv, ...command.env } };
    if (program === 'npx') return [process.execPath, [binFile(modules, args[0] ?? ''), ...args.slice(1)], options];
    if (program === 'node') return [process.execPath, args, options];
    return [program, args, options];
  };
  return {
    dir,
    commands,
    port: (example) => ports.get(example)!,
    origin: (example) => `http://127.0.0.1:${ports.get(example)}`,
    command(words) {
      const found = commands.find((command) => command.text.includes(words));
      if (found === undefined) throw new Error(`examples/${name}/commands.sh has no command with "${words}"`);
      return found;
    },
    notRun: () => commands.filter((command) => !ran.has(command)).map((command) => command.text),
    run: (command) => runToEnd(...spawnArgs(command)),
    outcome: (command) => runOutcome(...spawnArgs(command)),
    async start(command, origin, probePath = '/') {
      const [program, args, options] = spawnArgs(command);
      const server = await startServer(program, args, { ...options, url: origin, probePath, startupMs: 30_000 });
      running.push(server);
      return server;
    },
    async remove() {
      await Promise.all(running.map((server) => server.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
