// `npm test`: every suite in turn, its output streamed as it runs, then one closing line
// `N passed, M failed` over all of them, read from each runner's own totals. Exits 1 on any failure.
import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import { fileURLToPath } from 'node:url';

/** How a suite's output tells its totals: node's test runner, web-test-runner, or none (a build step). */
export type Counter = 'node' | 'wtr' | 'step';

export interface Suite {
  /** The npm script it runs. */
  script: string;
  counter: Counter;
  /** When it fails, the suites after it are not run (they need what it makes). */
  required?: boolean;
}

export const SUITES: Suite[] = [
  { script: 'typecheck', counter: 'step' },
  { script: 'build', counter: 'step', required: true },
  { script: 'test:node', counter: 'node' },
  { script: 'test:redis', counter: 'node' },
  { script: 'test:browser', counter: 'wtr' },
  { script: 'test:e2e', counter: 'node' },
  { script: 'test:runtimes', counter: 'node' },
  { script: 'test:frameworks', counter: 'node' },
];

export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

function last(output: string, pattern: RegExp): number | undefined {
  const matches = [...output.matchAll(pattern)];
  const found = matches.at(-1)?.[1];
  return found === undefined ? undefined : Number(found);
}

/**
 * A suite's totals from its output and exit code. Node's runner closes with `ℹ pass N` (spec)
 * or `# pass N` (tap); web-test-runner with `N passed, M failed` (the last one printed is the
 * final count). A non-zero exit with no failure counted (a crash, a compile error) is one failure.
 */
export function totalsOf(counter: Counter, rawOutput: string, exitCode: number): Totals {
  const output = stripVTControlCharacters(rawOutput);
  let totals: Totals = { passed: 0, failed: 0, skipped: 0 };
  if (counter === 'node') {
    const summary = (name: string) => last(output, new RegExp(`^[ℹ#] ${name} (\\d+)$`, 'gm')) ?? 0;
    totals = {
      passed: summary('pass'),
      failed: summary('fail') + summary('cancelled'),
      skipped: summary('skipped') + summary('todo'),
    };
  } else if (counter === 'wtr') {
    const lines = [...output.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
    totals = { passed: Number(lines?.[1] ?? 0), failed: Number(lines?.[2] ?? 0), skipped: 0 };
  }
  if (exitCode !== 0 && totals.failed === 0) totals.failed = 1;
  return totals;
}

/** The closing line; CI and people read this one. */
export function closingLine({ passed, failed, skipped }: Totals): string {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

export interface Run {
  command: string;
  args: string[];
}

/** Runs a command, copying its output through as it comes, and resolves with that output and the exit code. */
function runStreaming({ command, args }: Run, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<{ output: string; exitCode: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['inherit', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      out.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      err.write(chunk);
    });
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ output, exitCode: code ?? (signal ? 1 : 0) }));
  });
}

/** Runs each suite, prints one line per suite and then the closing line; resolves with the totals. */
export async function runSuites(
  suites: readonly (Suite & { run?: Run })[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<Totals> {
  const total: Totals = { passed: 0, failed: 0, skipped: 0 };
  const report: string[] = [];
  for (const [index, suite] of suites.entries()) {
    out.write(`\n> ${suite.script}\n`);
    const { output, exitCode } = await runStreaming(suite.run ?? { command: 'npm', args: ['run', '--silent', suite.script] }, out, err);
    const totals = totalsOf(suite.counter, output, exitCode);
    total.passed += totals.passed;
    total.failed += totals.failed;
    total.skipped += totals.skipped;
    report.push(`${suite.script.padEnd(16)} ${suite.counter === 'step' ? (exitCode === 0 ? 'ok' : 'FAILED') : closingLine(totals)}`);
    if (exitCode !== 0 && suite.required) {
      const skipped = suites.slice(index + 1).map((next) => next.script);
      if (skipped.length > 0) report.push(`not run, since ${suite.script} failed: ${skipped.join(', ')}`);
      break;
    }
  }
  out.write(`\n${report.join('\n')}\n${closingLine(total)}\n`);
  return total;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const total = await runSuites(SUITES);
  process.exitCode = total.failed > 0 ? 1 : 0;
}
