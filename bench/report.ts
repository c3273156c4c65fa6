// One row per figure, printed as a console table, a Markdown table and JSON, so all three always agree.
//   tsx bench/report.ts   re-renders docs/benchmarks.md's table from bench/results.json (`npm run docs` does)
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';

export type Unit = 'bytes' | 'ms' | 'µs' | 'req/s' | 'keys';

export interface Baseline {
  value: number;
  label: string;
}

export interface Figure {
  figure: string;
  value: number;
  unit: Unit;
  /** What the value is compared against, measured in the same run; a budget names the one it is a ratio to. */
  baselines?: Baseline[];
  /** Budgets from DESIGN.md; `pass` is decided by the bench that measured the figure. */
  budget?: { text: string; pass: boolean };
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  chromium: string;
}

export function describeMachine(chromium: string): Machine {
  const processors = cpus();
  return {
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    chromium,
  };
}

export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'bytes':
      if (Math.abs(value) >= 2 ** 20) return `${(value / 2 ** 20).toFixed(1)} MiB`;
      if (Math.abs(value) >= 2 ** 10) return `${(value / 2 ** 10).toFixed(2)} KiB`;
      return `${Math.round(value)} B`;
    case 'ms':
      return `${value.toFixed(value >= 100 ? 0 : 2)} ms`;
    case 'µs':
      return `${value.toFixed(value >= 100 ? 0 : 2)} µs`;
    case 'req/s':
      return `${Math.round(value).toLocaleString('en-US')} req/s`;
    case 'keys':
      return `${Math.round(value).toLocaleString('en-US')} keys`;
  }
}

export function ratioTo(figure: Figure, baseline: Baseline): number | undefined {
  return baseline.value === 0 ? undefined : figure.value / baseline.value;
}

/** `figure.value` ÷ the baseline labelled `label`, for budgets stated as ratios. */
export function ratioAgainst(figure: Figure, label: string): number {
  const baseline = figure.baselines?.find((candidate) => candidate.label === label);
  if (!baseline) throw new Error(`${figure.figure} has no ${label} baseline`);
  return figure.value / baseline.value;
}

const HEADERS = ['figure', 'value', 'baseline', 'ratio', 'budget', 'pass'] as const;

function cells(figure: Figure): string[] {
  const baselines = figure.baselines ?? [];
  const ratio = (baseline: Baseline) => ratioTo(figure, baseline)?.toFixed(2) ?? '—';
  return [
    figure.figure,
    formatValue(figure.value, figure.unit),
    baselines.map((baseline) => `${formatValue(baseline.value, figure.unit)} (${baseline.label})`).join('; ') || '—',
    baselines.map((baseline) => (baselines.length > 1 ? `${ratio(baseline)}× ${baseline.label}` : `${ratio(baseline)}×`)).join('; ') || '—',
    figure.budget?.text ?? '—',
    figure.budget ? (figure.budget.pass ? 'pass' : 'MISS') : '—',
  ];
}

/** Rows padded into columns for a terminal. */
export function textTable(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (row: readonly string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('-+-'), ...rows.map(line)].join('\n');
}

export function consoleTable(figures: readonly Figure[]): string {
  return textTable(HEADERS, figures.map(cells));
}

export function markdownTable(figures: readonly Figure[]): string {
  const escape = (cell: string) => cell.replaceAll('|', '\\|');
  return [
    `| ${HEADERS.join(' | ')} |`,
    `|${HEADERS.map((header) => (header === 'figure' ? '---' : '---:')).join('|')}|`,
    ...figures.map((figure) => `| ${cells(figure).map(escape).join(' | ')} |`),
  ].join('\n');
}

export interface BenchResults {
  date: string;
  durationSeconds: number;
  machine: Machine;
  figures: Figure[];
  /** Per-bench settings and raw samples, so a figure can be traced back to how it was taken. */
  details: Record<string, unknown>;
  notes: string[];
  /** Markdown for RESULTS.md only, after the notes: the profile of where the time goes. */
  appendix?: string;
}

/** The docs page that shows the last run's table, between the bench markers. */
export const BENCH_PAGE = new URL('../docs/benchmarks.md', import.meta.url);
export const RESULTS_JSON = new URL('./results.json', import.meta.url);
const BENCH_SECTION = /(<!-- bench:start -->\n)[\s\S]*?(<!-- bench:end -->)/;

/** The Markdown of a run: when and where, the table, and the notes. */
export function renderResults(results: BenchResults): string {
  const { machine } = results;
  return [
    `Measured by \`npm run bench\` on ${results.date}, in ${results.durationSeconds.toFixed(0)} s.`,
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; ` +
      `Node ${machine.node}; Chromium ${machine.chromium} (headless).`,
    '',
    markdownTable(results.figures),
    '',
    ...results.notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
}

/** The page with the section between the bench markers replaced by `body`; throws when it has no markers. */
export function withBenchTable(page: string, body: string): string {
  if (!BENCH_SECTION.test(page)) throw new Error('docs/benchmarks.md has no <!-- bench:start --> … <!-- bench:end --> section');
  return page.replace(BENCH_SECTION, (_, start: string, end: string) => `${start}${body}${end}`);
}

/** Writes results.json and RESULTS.md, and puts the same table into the docs page, so its figures are never older than the last run. */
export async function writeResults(results: BenchResults, jsonPath: URL, markdownPath: URL, pagePath: URL = BENCH_PAGE): Promise<void> {
  const figures = results.figures.map((figure) => ({
    ...figure,
    ratios: figure.baselines?.map((baseline) => ratioTo(figure, baseline)),
  }));
  await writeFile(jsonPath, `${JSON.stringify({ ...results, figures }, null, 2)}\n`);
  const body = renderResults(results);
  await writeFile(markdownPath, `# Benchmark results\n\n${body}${results.appendix ? `\n${results.appendix}\n` : ''}`);
  await writeFile(pagePath, withBenchTable(await readFile(pagePath, 'utf8'), body));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const results = JSON.parse(await readFile(RESULTS_JSON, 'utf8')) as BenchResults;
  const page = await readFile(BENCH_PAGE, 'utf8');
  const updated = withBenchTable(page, renderResults(results));
  if (updated !== page) await writeFile(BENCH_PAGE, updated);
  console.log(`docs/benchmarks.md: bench table ${updated === page ? 'up to date' : 'updated'} from bench/results.json`);
}
