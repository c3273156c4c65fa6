// The CDN file's Subresource Integrity hash, computed from the built file, never written by hand:
//   tsx scripts/cdn-integrity.ts          write dist/cdn/payfect-checkout.js.sha384 (run by `npm run build:cdn`)
//   tsx scripts/cdn-integrity.ts --docs   also put it in every script tag of README.md, docs/*.md and examples/**/*.html
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { docPages } from './doc-pages.js';

export const CDN_FILE = 'dist/cdn/payfect-checkout.js';
export const INTEGRITY_FILE = `${CDN_FILE}.sha384`;

/** The `integrity` value for these bytes: `sha384-` and the base64 digest. */
export function integrityOf(bytes: Uint8Array): string {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

// A script tag that loads payfect-checkout.js, up to its integrity value.
const SCRIPT_INTEGRITY = /(<script\b[^>]*\bsrc="[^"]*\/payfect-checkout\.js"[^>]*\bintegrity=")sha384-[A-Za-z0-9+/=]*(")/g;

/** Every integrity value on a payfect-checkout.js script tag in the text. */
export function integritiesIn(text: string): string[] {
  return [...text.matchAll(SCRIPT_INTEGRITY)].map((match) => match[0].slice(match[1]!.length, -1));
}

/** The text with every payfect-checkout.js script tag's integrity set to `integrity`. */
export function withIntegrity(text: string, integrity: string): string {
  return text.replace(SCRIPT_INTEGRITY, (_, before: string, after: string) => `${before}${integrity}${after}`);
}

/** README.md, docs/*.md and every HTML file under examples/: the pages a merchant copies. */
export function pagesWithScriptTags(root: URL): string[] {
  const examples = fileURLToPath(new URL('examples/', root));
  const html = (readdirSync(examples, { recursive: true }) as string[])
    .filter((path) => path.endsWith('.html'))
    .map((path) => `examples/${path.split('\\').join('/')}`);
  return [...docPages(root), ...html];
}

function main(args: string[]): void {
  const root = new URL('../', import.meta.url);
  const integrity = integrityOf(readFileSync(new URL(CDN_FILE, root)));
  writeFileSync(new URL(INTEGRITY_FILE, root), `${integrity}\n`);
  console.log(`${INTEGRITY_FILE}: ${integrity}`);
  if (!args.includes('--docs')) return;
  for (const path of pagesWithScriptTags(root)) {
    const file = new URL(path, root);
    const text = readFileSync(file, 'utf8');
    const updated = withIntegrity(text, integrity);
    if (updated !== text) {
      writeFileSync(file, updated);
      console.log(`${path}: integrity updated`);
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
