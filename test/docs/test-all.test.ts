// scripts/test-all.ts, the runner behind `npm test`: it reads each suite's own totals and ends
// with one line over all of them. Here it runs small real processes standing in for the suites.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { closingLine, runSuites, SUITES, totalsOf, type Suite } from '../../scripts/test-all.js';

const { scripts } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };

describe('totalsOf: each runner\'s own closing lines', () => {
  test("node's spec reporter, cancelled tests counted as failed", () => {
    const output = 'ℹ tests 7\nℹ suites 1\nℹ pass 5\nℹ fail 1\nℹ cancelled 1\nℹ skipped 0\nℹ todo 0\n';
    assert.deepEqual(totalsOf('node', output, 1), { passed: 5, failed: 2, skipped: 0 });
  });

  test("node's tap reporter, with a nested run's summary printed earlier", () => {
    const output = '# pass 1\n# fail 0\nok 3 - outer\n# tests 12\n# pass 12\n# fail 0\n# cancelled 0\n# skipped 0\n# todo 0\n';
    assert.deepEqual(totalsOf('node', output, 0), { passed: 12, failed: 0, skipped: 0 });
  });

  test("web-test-runner's last progress line, colours and cursor moves included", () => {
    const output =
      'Chrome: |███| 0/2 test files | 0 passed, 0 failed\n\x1b[2K\x1b[1A\x1b[2K\x1b[G' +
      'Chrome: |███| 2/2 test files | \x1b[32m41 passed\x1b[39m, \x1b[31m2 failed\x1b[39m\n\nFinished running tests in 3s, with 2 failed tests.\n';
    assert.deepEqual(totalsOf('wtr', output, 1), { passed: 41, failed: 2, skipped: 0 });
  });

  test('a suite that exits non-zero with no failure counted (a crash, a compile error) is one failure', () => {
    assert.deepEqual(totalsOf('node', 'error TS2322: …\n', 2), { passed: 0, failed: 1, skipped: 0 });
    assert.deepEqual(totalsOf('step', '', 0), { passed: 0, failed: 0, skipped: 0 });
    assert.deepEqual(totalsOf('step', '', 1), { passed: 0, failed: 1, skipped: 0 });
  });

  test('the closing line is `N passed, M failed`, with skipped tests named only when there are some', () => {
    assert.equal(closingLine({ passed: 3, failed: 0, skipped: 0 }), '3 passed, 0 failed');
    assert.equal(closingLine({ passed: 3, failed: 1, skipped: 2 }), '3 passed, 1 failed, 2 skipped');
  });
});

describe('runSuites', () => {
  const node = (script: string) => ({ command: process.execPath, args: ['-e', script] });
  const collect = () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    return { stream, text: () => text };
  };

  test('streams each suite, adds up their totals, and prints the one line last', async () => {
    const out = collect();
    const err = collect();
    const suites: (Suite & { run: { command: string; args: string[] } })[] = [
      { script: 'build', counter: 'step', required: true, run: node('console.log("built")') },
      { script: 'unit', counter: 'node', run: node('console.log("ℹ pass 4\\nℹ fail 0"); console.error("a warning")') },
      { script: 'browser', counter: 'wtr', run: node('console.log("Chrome: 3 passed, 1 failed"); process.exit(1)') },
    ];
    const total = await runSuites(suites, out.stream, err.stream);
    assert.deepEqual(total, { passed: 7, failed: 1, skipped: 0 });
    const lines = out.text().trimEnd().split('\n');
    assert.ok(out.text().includes('built\n') && out.text().includes('Chrome: 3 passed, 1 failed\n'), 'each suite\'s output is passed through');
    assert.equal(err.text(), 'a warning\n');
    assert.deepEqual(lines.slice(-4), ['build            ok', 'unit             4 passed, 0 failed', 'browser          3 passed, 1 failed', '7 passed, 1 failed']);
  });

  test('a failed required step stops the suites after it, and says which were not run', async () => {
    const out = collect();
    const total = await runSuites(
      [
        { script: 'build', counter: 'step', required: true, run: node('process.exit(2)') },
        { script: 'unit', counter: 'node', run: node('console.log("ℹ pass 4")') },
      ],
      out.stream,
      collect().stream,
    );
    assert.deepEqual(total, { passed: 0, failed: 1, skipped: 0 });
    assert.deepEqual(out.text().trimEnd().split('\n').slice(-3), ['build            FAILED', 'not run, since build failed: unit', '0 passed, 1 failed']);
  });

  test('`npm test` is this runner, and it runs every test:* script of package.json', () => {
    assert.equal(scripts.test, 'tsx scripts/test-all.ts');
    const suites = SUITES.map((suite) => suite.script);
    assert.deepEqual(suites.filter((name) => name.startsWith('test:')), Object.keys(scripts).filter((name) => name.startsWith('test:')));
    assert.deepEqual(suites.slice(0, 2), ['typecheck', 'build']);
  });
});
