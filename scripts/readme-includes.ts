// Keeps the code in README.md and docs/*.md that tests run in files under examples/: each block between
//   <!-- include: examples/PATH -->  and  <!-- /include -->
// is rewritten as one fenced block holding the file's exact text, so the docs cannot drift from what runs.
//   tsx scripts/readme-includes.ts          rewrite README.md and docs/*.md
//   tsx scripts/readme-includes.ts --check  exit 1 when a block differs from its file, or names a missing one
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { docPages } from './doc-pages.js';

/** One include marker, its block as written, and where it is. */
export interface IncludeBlock {
  path: string;
  /** The fence's info string as written (`js`, `html`, …), or empty. */
  language: string;
  /** The code between the fences, or undefined when the marker has no fenced block yet. */
  code: string | undefined;
  start: number;
  end: number;
  line: number;
}

const BLOCK = /<!-- include: (\S+) -->\n(?:(`{3,}|~{3,})([^\n]*)\n([\s\S]*?)\n?\2[ \t]*\n)?<!-- \/include -->/g;

// Used only when a marker has no fence yet; a written info string is kept as it is.
const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  html: 'html', js: 'js', mjs: 'js', cjs: 'js', ts: 'ts', mts: 'ts', tsx: 'tsx', jsx: 'jsx', vue: 'vue',
  json: 'json', md: 'md', sh: 'sh', css: 'css', toml: 'toml', yaml: 'yaml', yml: 'yaml',
};

/** Every include block in a page, in order. */
export function findIncludes(readme: string): IncludeBlock[] {
  return [...readme.matchAll(BLOCK)].map((match) => ({
    path: match[1] ?? '',
    language: match[3]?.trim() ?? '',
    code: match[2] === undefined ? undefined : (match[4] ?? ''),
    start: match.index,
    end: match.index + match[0].length,
    line: readme.slice(0, match.index).split('\n').length,
  }));
}

/** Only files under examples/, so a marker can never pull in a secret or a file outside the repository. */
export function checkIncludePath(path: string): void {
  if (!/^examples\/[\w@.-]+(\/[\w@.-]+)*$/.test(path) || path.split('/').includes('..')) {
    throw new Error(`include path "${path}" must name a file under examples/`);
  }
}

/** A fence longer than any run of backticks in the code, so a code block holding ``` stays one block. */
function fenceFor(code: string): string {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((run) => run[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function renderBlock(path: string, language: string, code: string): string {
  const fence = fenceFor(code);
  const body = code.endsWith('\n') ? code : `${code}\n`;
  return `<!-- include: ${path} -->\n${fence}${language}\n${body}${fence}\n<!-- /include -->`;
}

/**
 * The page with every include block rewritten from `read(path)`, plus the blocks that
 * differed. Throws, naming the page and line, when a marker names a missing or outside file.
 */
export function withIncludes(
  readme: string,
  read: (path: string) => string | undefined,
  page = 'README.md',
): { readme: string; changed: IncludeBlock[] } {
  const changed: IncludeBlock[] = [];
  let result = '';
  let at = 0;
  for (const block of findIncludes(readme)) {
    checkIncludePath(block.path);
    const text = read(block.path);
    if (text === undefined) throw new Error(`${page} line ${block.line}: include names ${block.path}, which does not exist`);
    const language = block.language || LANGUAGE_BY_EXTENSION[block.path.split('.').pop() ?? ''] || '';
    const rendered = renderBlock(block.path, language, text);
    if (rendered !== readme.slice(block.start, block.end)) changed.push(block);
    result += readme.slice(at, block.start) + rendered;
    at = block.end;
  }
  return { readme: result + readme.slice(at), changed };
}

/** Reads an example file relative to the repository root, or undefined when there is none. */
export function readExample(root: URL, path: string): string | undefined {
  const file = new URL(path, root);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

function main(args: string[]): number {
  const root = new URL('../', import.meta.url);
  let stale = 0;
  for (const page of docPages(root)) {
    const path = fileURLToPath(new URL(page, root));
    const text = readFileSync(path, 'utf8');
    const { readme: updated, changed } = withIncludes(text, (example) => readExample(root, example), page);
    const count = findIncludes(text).length;
    if (args.includes('--check')) {
      for (const block of changed) console.error(`${page} line ${block.line}: the block differs from ${block.path}`);
      stale += changed.length;
      continue;
    }
    if (updated !== text) writeFileSync(path, updated);
    if (count > 0) console.log(`${page}: ${changed.length} of ${count} include blocks updated`);
  }
  if (stale > 0) console.error('run `npm run docs` to copy the examples into the pages');
  else if (args.includes('--check')) console.log('every include block matches its file');
  return stale > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
