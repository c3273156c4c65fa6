// A server as its own process, the way a merchant runs it, stopped with everything it started.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';

export interface ServerProcess {
  /** Its origin, such as http://127.0.0.1:41234. */
  url: string;
  /** What it printed so far, stdout and stderr. */
  output(): string;
  /** Resolves once its output matches `pattern`; rejects if it exits first. */
  printed(pattern: RegExp): Promise<void>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Answers once anything answers HTTP at `url` (any status), or rejects when the process ends first. */
function answering(url: string, child: ChildProcess, deadline: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      if (child.exitCode !== null || child.signalCode !== null) return reject(new Error('it exited before answering'));
      if (Date.now() > deadline) return reject(new Error('it did not answer in time'));
      const probe = request(url, { method: 'GET' }, (response) => {
        response.resume();
        resolve();
      });
      // Not listening yet: the next try comes when the process has had a moment more.
      probe.on('error', () => setTimeout(attempt, 100));
      probe.end();
    };
    attempt();
  });
}

/** Runs `command` to its end: its exit code and what it printed (stdout and stderr, interleaved). */
export async function runOutcome(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number | null; output: string }> {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  return { code, output };
}

/** Runs a finished build step (such as `next build`), failing with its output. */
export async function runToEnd(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<void> {
  const { code, output } = await runOutcome(command, args, options);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`);
}

/**
 * Starts `command` in its own process group and waits until `${url}${probePath}` answers HTTP.
 * `url` is where it was told to listen.
 */
export async function startServer(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; url: string; probePath: string; startupMs?: number },
): Promise<ServerProcess> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // The group is already gone.
    }
    await exited(child);
  };
  process.once('exit', () => void stop());
  try {
    await spawned;
    await answering(`${options.url}${options.probePath}`, child, Date.now() + (options.startupMs ?? 60_000));
  } catch (error) {
    await stop();
    throw new Error(`${command} ${args.join(' ')}: ${(error as Error).message}\n${output}`);
  }
  const printed = (pattern: RegExp): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (!pattern.test(output)) return;
        child.stdout!.off('data', check);
        child.stderr!.off('data', check);
        child.off('exit', exit);
        resolve();
      };
      const exit = (): void => reject(new Error(`it exited before printing ${pattern}`));
      child.stdout!.on('data', check);
      child.stderr!.on('data', check);
      child.once('exit', exit);
      check();
    });
  return { url: options.url, output: () => output, printed, stop };
}
