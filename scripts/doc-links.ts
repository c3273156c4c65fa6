// Finds the relative links and #anchors in README.md and docs/*.md that do not resolve, as GitHub
// renders them: the target file or folder must exist, and an anchor must be a heading's slug there.
// Markdown is read by marked's lexer, and slugs are made by github-slugger (GitHub's own rules:
// lower case, spaces to `-`, punctuation dropped but `-` and `_`, repeats suffixed -1, -2, …).
//   tsx scripts/doc-links.ts   print every broken link; exit 1 when there is one
import GithubSlugger from 'github-slugger';
import { marked, type Token, type Tokens } from 'marked';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docPages } from './doc-pages.js';

/** A heading's text as GitHub renders it: code and emphasis kept as text, HTML tags dropped. */
function plainText(tokens: Token[]): string {
  return tokens
    .map((token) => {
      if ('tokens' in token && token.tokens) return plainText(token.tokens);
      if (token.type === 'html') return '';
      return 'text' in token ? String(token.text) : '';
    })
    .join('');
}

/** The anchors GitHub gives a page's headings, in order. */
export function anchorsOf(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  marked.walkTokens(marked.lexer(markdown), (token) => {
    if (token.type === 'heading') anchors.add(slugger.slug(plainText((token as Tokens.Heading).tokens)));
  });
  return anchors;
}

/** Every link and image target in a page, Markdown and HTML alike, outside code. */
export function linksOf(markdown: string): string[] {
  const links: string[] = [];
  marked.walkTokens(marked.lexer(markdown), (token) => {
    if (token.type === 'link' || token.type === 'image') links.push((token as Tokens.Link).href);
    if (token.type === 'html') for (const match of token.raw.matchAll(/\b(?:href|src)="([^"]*)"/g)) links.push(match[1]!);
  });
  return links;
}

/** Whether a link leaves the repository (a scheme such as https: or mailto:, or //host). */
function isExternal(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//');
}

/**
 * The links of `page` (a path from the repository root) that do not resolve, each with why.
 * `read` gives a page's text, or undefined when there is no such file; `exists` says whether a path is a file or folder.
 */
export function brokenLinks(
  page: string,
  read: (path: string) => string | undefined,
  exists: (path: string) => boolean,
): string[] {
  const text = read(page) ?? '';
  const broken: string[] = [];
  for (const href of linksOf(text)) {
    if (isExternal(href)) continue;
    const [pathPart = '', anchor] = href.split('#', 2) as [string, string | undefined];
    const target =
      pathPart === '' ? page : posix.normalize(posix.join(posix.dirname(page), decodeURIComponent(pathPart))).replace(/(.)\/$/, '$1');
    if (pathPart !== '' && (target.startsWith('../') || !exists(target))) {
      broken.push(`${href}: ${target} does not exist`);
      continue;
    }
    if (anchor === undefined || anchor === '') continue;
    if (!target.endsWith('.md')) continue; // GitHub makes no heading anchors in other files
    const targetText = read(target);
    if (targetText === undefined || !anchorsOf(targetText).has(decodeURIComponent(anchor))) {
      broken.push(`${href}: ${target} has no heading with the anchor #${anchor}`);
    }
  }
  return broken;
}

/** brokenLinks against the files of the repository at `root`. */
export function brokenLinksIn(root: URL, page: string): string[] {
  const file = (path: string) => fileURLToPath(new URL(path, root));
  return brokenLinks(
    page,
    (path) => (existsSync(file(path)) && statSync(file(path)).isFile() ? readFileSync(file(path), 'utf8') : undefined),
    (path) => existsSync(file(path)),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = new URL('../', import.meta.url);
  const broken = docPages(root).flatMap((page) => brokenLinksIn(root, page).map((problem) => `${page}: ${problem}`));
  for (const problem of broken) console.error(problem);
  console.log(broken.length === 0 ? 'every relative link and anchor resolves' : `${broken.length} broken links`);
  process.exitCode = broken.length > 0 ? 1 : 0;
}
