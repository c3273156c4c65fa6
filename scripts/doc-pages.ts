// The Markdown pages the docs scripts and tests keep in step: README.md and every page in docs/
// (not docs/payfect-api/, Payfect's own pages, kept verbatim by test/shared/reference-copy.test.ts).
import { readdirSync } from 'node:fs';

/** README.md, then docs/*.md in name order, as paths relative to the repository root. */
export function docPages(root: URL): string[] {
  const pages = readdirSync(new URL('docs/', root), { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => `docs/${entry.name}`)
    .sort();
  return ['README.md', ...pages];
}
