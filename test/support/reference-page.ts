// Reads Payfect's own page, kept verbatim in docs/payfect-api (a test keeps it equal to shared/reference), so the
// emulator and the handler are checked against what Payfect published, from any clone.
import { readFileSync } from 'node:fs';

export const REFERENCE_PAGE_URL = new URL('../../docs/payfect-api/create-checkout.md', import.meta.url);

export const referencePage = readFileSync(REFERENCE_PAGE_URL, 'utf8');

function section(heading: string): string {
  const start = referencePage.indexOf(`## ${heading}\n`);
  if (start < 0) throw new Error(`The reference page has no "## ${heading}" section`);
  const end = referencePage.indexOf('\n## ', start + 1);
  return referencePage.slice(start, end < 0 ? undefined : end);
}

function firstFence(text: string, language: string): string {
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```').exec(text);
  if (!match?.[1]) throw new Error(`No \`\`\`${language} block found`);
  return match[1];
}

export interface ResponseField {
  name: string;
  type: string;
  description: string;
  /** Names in backticks in the description, such as `id` and `name` for `merchant`. */
  parts: string[];
}

/** The "Response Structure" table: one row per documented field. */
export function responseFields(): ResponseField[] {
  return section('Response Structure')
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()))
    .map(([name = '', type = '', description = '']) => ({
      name,
      type,
      description,
      parts: [...description.matchAll(/`([A-Za-z]+)`/g)].map((match) => match[1] ?? ''),
    }));
}

/** The page's example response, parsed. */
export function exampleResponse(): Record<string, unknown> {
  return JSON.parse(firstFence(section('Example Response'), 'json')) as Record<string, unknown>;
}

/** The page's first request example, verbatim: it has trailing commas, so it is not JSON. */
export function firstExampleBody(): string {
  return firstFence(section('Example Request Body'), 'json');
}

/** The body of the page's curl example, which is valid JSON (upper-case, mixed currencies). */
export function curlExampleBody(): string {
  const match = /-d '([\s\S]*?)'\n/.exec(section('Example'));
  if (!match?.[1]) throw new Error('No curl -d body found in the reference page');
  return match[1];
}

/** The API key the page's examples use. */
export function exampleApiKey(): string {
  const match = /Api-Key ([0-9a-f-]{36})/.exec(referencePage);
  if (!match?.[1]) throw new Error('No example API key in the reference page');
  return match[1];
}
