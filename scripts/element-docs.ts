// Renders the elements' reference tables from custom-elements.json into the pages that hold the
// element-docs markers, so the docs are generated from the class JSDoc, never written twice.
// `<!-- element-docs:start TAG -->` … `<!-- element-docs:end -->` holds one element's tables
// (docs/element.md the button's, docs/return-page.md the status element's); without TAG, every element's.
//   tsx scripts/element-docs.ts              write every page with markers (README.md, docs/*.md)
//   tsx scripts/element-docs.ts --check      exit 1 when such a page is out of date, or an element is on no page
//   tsx scripts/element-docs.ts --print TAG  print one element's tables (every element's without TAG)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { docPages } from './doc-pages.js';

export const START = '<!-- element-docs:start -->';
export const END = '<!-- element-docs:end -->';
// A start marker, with the tag of the one element it shows or none, up to the next end marker.
const SECTION = /<!-- element-docs:start(?: ([a-z][a-z0-9]*-[a-z0-9-]*))? -->[\s\S]*?<!-- element-docs:end -->/g;

interface Named {
  name: string;
  description?: string;
  default?: string;
  type?: { text: string };
}
interface Member extends Named {
  kind: 'field' | 'method';
  privacy?: 'public' | 'protected' | 'private';
  static?: boolean;
  attribute?: string;
  return?: { type?: { text: string } };
  parameters?: Named[];
}
interface Attribute extends Named {
  fieldName?: string;
}
interface ElementDeclaration {
  customElement?: boolean;
  tagName?: string;
  attributes?: Attribute[];
  members?: Member[];
  events?: Named[];
  slots?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
}
export interface Manifest {
  modules: { declarations?: ElementDeclaration[] }[];
}

function cell(text: string | undefined): string {
  return (text ?? '').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
}

function code(text: string | undefined): string {
  return text ? `\`${cell(text)}\`` : '';
}

function table(title: string, header: string[], rows: string[][]): string {
  if (rows.length === 0) return '';
  return [
    `#### ${title}`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ].join('\n');
}

/** The Markdown for every custom element in the manifest, or for the one named `tagName`. */
export function renderElementDocs(manifest: Manifest, tagName?: string): string {
  const elements = manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .filter((d) => d.customElement && (tagName === undefined || d.tagName === tagName));
  if (elements.length === 0) throw new Error(`custom-elements.json declares no custom element${tagName ? ` <${tagName}>` : ''}`);
  return elements
    .map((element) => {
      const members = element.members ?? [];
      const isPublic = (member: Member) => !member.static && (member.privacy ?? 'public') === 'public';
      const describe = (attribute: Attribute) =>
        attribute.description ?? members.find((member) => member.name === attribute.fieldName)?.description;
      const attributeFields = new Set((element.attributes ?? []).map((attribute) => attribute.fieldName));
      return [
        `### \`<${element.tagName}>\`\n`,
        table(
          'Attributes',
          ['attribute', 'property', 'type', 'default', 'description'],
          (element.attributes ?? []).map((attribute) => [
            code(attribute.name),
            code(attribute.fieldName),
            code(attribute.type?.text),
            code(attribute.default?.replace(/^'(.*)'$/, '$1')),
            cell(describe(attribute)),
          ]),
        ),
        table(
          'Properties (no attribute)',
          ['property', 'type', 'description'],
          members
            .filter((member) => member.kind === 'field' && isPublic(member) && !attributeFields.has(member.name))
            .map((member) => [code(member.name), code(member.type?.text), cell(member.description)]),
        ),
        table(
          'Methods',
          ['method', 'returns', 'description'],
          members
            .filter((member) => member.kind === 'method' && isPublic(member))
            .map((member) => [
              code(`${member.name}(${(member.parameters ?? []).map((parameter) => parameter.name).join(', ')})`),
              code(member.return?.type?.text),
              cell(member.description),
            ]),
        ),
        table(
          'Events',
          ['event', 'type', 'description'],
          (element.events ?? []).map((event) => [code(event.name), code(event.type?.text), cell(event.description)]),
        ),
        table(
          'Slots',
          ['slot', 'description'],
          (element.slots ?? []).map((slot) => [slot.name ? code(slot.name) : '(default)', cell(slot.description)]),
        ),
        table(
          'CSS parts',
          ['part', 'description'],
          (element.cssParts ?? []).map((part) => [code(part.name), cell(part.description)]),
        ),
        table(
          'CSS custom properties',
          ['property', 'default', 'description'],
          (element.cssProperties ?? []).map((property) => [
            code(property.name),
            code(property.default),
            cell(property.description),
          ]),
        ),
      ]
        .filter(Boolean)
        .join('\n');
    })
    .join('\n')
    .trimEnd();
}

/** The tag names of the custom elements in the manifest. */
export function elementTags(manifest: Manifest): string[] {
  return manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .filter((declaration) => declaration.customElement && declaration.tagName)
    .map((declaration) => declaration.tagName!);
}

/**
 * The page with each element-docs section rewritten by `render(tagName)` (tagName undefined for an
 * untagged marker), and the tags its sections show; undefined when the page has no markers.
 */
export function withElementDocs(
  page: string,
  render: (tagName: string | undefined) => string,
): { updated: string; tags: (string | undefined)[] } | undefined {
  const tags: (string | undefined)[] = [];
  const updated = page.replace(SECTION, (_, tagName: string | undefined) => {
    tags.push(tagName);
    return `${tagName ? START.replace(' -->', ` ${tagName} -->`) : START}\n\n${render(tagName)}\n\n${END}`;
  });
  return tags.length === 0 ? undefined : { updated, tags };
}

function main(args: string[]): number {
  const root = new URL('../', import.meta.url);
  const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', root), 'utf8')) as Manifest;
  const print = args.indexOf('--print');
  if (print >= 0) {
    console.log(renderElementDocs(manifest, args[print + 1]));
    return 0;
  }
  const marked = docPages(root).flatMap((page) => {
    const path = fileURLToPath(new URL(page, root));
    const text = readFileSync(path, 'utf8');
    const result = withElementDocs(text, (tagName) => renderElementDocs(manifest, tagName));
    return result === undefined ? [] : [{ page, path, text, ...result }];
  });
  const shown = new Set(marked.flatMap(({ tags }) => tags));
  const missing = shown.has(undefined) ? [] : elementTags(manifest).filter((tag) => !shown.has(tag));
  for (const tag of missing) console.error(`<${tag}> has no ${START.replace(' -->', ` ${tag} -->`)} … ${END} section on any page`);
  const stale = marked.filter(({ text, updated }) => text !== updated);
  if (args.includes('--check')) {
    for (const { page } of stale) console.error(`${page}: element tables are out of date: run \`npm run docs\``);
    if (stale.length === 0 && missing.length === 0) console.log('element tables match custom-elements.json');
    return stale.length > 0 || missing.length > 0 ? 1 : 0;
  }
  for (const { page, path, updated } of stale) {
    writeFileSync(path, updated);
    console.log(`${page}: element tables updated`);
  }
  if (stale.length === 0) console.log('element tables up to date');
  return missing.length > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
