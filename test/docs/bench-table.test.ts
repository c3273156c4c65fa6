// docs/benchmarks.md shows the last bench run: `npm run bench` writes bench/results.json and the
// page's table together, and `npm run docs` re-renders the table from results.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { BENCH_PAGE, RESULTS_JSON, renderResults, withBenchTable, type BenchResults } from '../../bench/report.js';

test('docs/benchmarks.md holds the table of bench/results.json (run `npm run docs` after a bench run)', () => {
  const page = readFileSync(BENCH_PAGE, 'utf8');
  const results = JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as BenchResults;
  assert.equal(page, withBenchTable(page, renderResults(results)));
  assert.ok(results.figures.every((figure) => page.includes(`| ${figure.figure} |`)), 'every figure has its row');
});

test('withBenchTable replaces only the marked section, and refuses a page without the markers', () => {
  const page = '# Benchmarks\n\nintro\n\n<!-- bench:start -->\nold\n<!-- bench:end -->\n\n## After\n';
  assert.equal(withBenchTable(page, 'NEW\n'), '# Benchmarks\n\nintro\n\n<!-- bench:start -->\nNEW\n<!-- bench:end -->\n\n## After\n');
  assert.throws(() => withBenchTable('# no markers', 'NEW'), /docs\/benchmarks.md has no <!-- bench:start -->/);
});
