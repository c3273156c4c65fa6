// Renders the elements' reference tables from custom-elements.json into README.md, between
// the element-docs markers, so the docs are generated from the class JSDoc, never written twice.
//   tsx scripts/element-docs.ts              write README.md (or print the tables when it has no markers)
//   tsx scripts/element-docs.ts --check      exit 1 when README.md is out of date
//   tsx scripts/element-docs.ts --print TAG  print one element's tables (every element's without TAG)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const START = '<!-- element-docs:start -->';
export const END = '<!-- element-docs:end -->';

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

/** README with the section between the markers replaced, or undefined when the markers are missing. */
export function withElementDocs(readme: string, docs: string): string | undefined {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END, start);
  if (start < 0 || end < 0) return undefined;
  return `${readme.slice(0, start + START.length)}\n\n${docs}\n\n${readme.slice(end)}`;
}

function main(args: string[]): number {
  const root = new URL('../', import.meta.url);
  const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', root), 'utf8')) as Manifest;
  const print = args.indexOf('--print');
  if (print >= 0) {
    console.log(renderElementDocs(manifest, args[print + 1]));
    return 0;
  }
  const docs = renderElementDocs(manifest);
  const readmePath = fileURLToPath(new URL('README.md', root));
  const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : undefined;
  const updated = readme === undefined ? undefined : withElementDocs(readme, docs);
  if (args.includes('--check')) {
    if (updated === undefined) {
      console.error(`README.md has no ${START} … ${END} section`);
      return 1;
    }
    if (updated !== readme) {
      console.error('README.md element tables are out of date: run `npm run docs`');
      return 1;
    }
    console.log('README.md element tables match custom-elements.json');
    return 0;
  }
  if (updated === undefined) {
    console.log(docs);
    console.error(`\nREADME.md has no ${START} … ${END} section; printed the tables instead.`);
    return 0;
  }
  if (updated !== readme) writeFileSync(readmePath, updated);
  console.log(updated === readme ? 'README.md is up to date' : 'README.md element tables updated');
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
