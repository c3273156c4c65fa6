import { readFileSync } from 'node:fs';
import { createCheckoutHandler, type Product } from '../server/index.js';
import { CliError } from './cli-error.js';

/** Line and column (from 1) of a character offset in a text. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** V8 names the offset ("at position 41") or, in newer versions, the line and column; an early end is at the end. */
function parseErrorAt(text: string, message: string): { line: number; column: number } | undefined {
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /at position (\d+)/.exec(message);
  if (position) return lineAndColumn(text, Number(position[1]));
  if (/end of JSON input/.test(message)) return lineAndColumn(text, text.length);
  return undefined;
}

/** The line of a product's key in the file, so a schema error points at it. */
function lineOfProduct(text: string, id: string): number | undefined {
  const key = new RegExp(`${JSON.stringify(id).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`).exec(text);
  return key ? lineAndColumn(text, key.index).line : undefined;
}

/**
 * Reads a catalog file: a JSON object of products keyed by id, as the handler's `catalog`
 * option takes. Each product is checked by the handler's own rules (its one schema), and
 * every problem is a CliError naming the file, the line and the reason.
 */
export function readCatalogFile(path: string, apiKey: string): Record<string, Product> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`${path}: cannot read the catalog (${code === 'ENOENT' ? 'no such file' : (error as Error).message})`);
  }
  let catalog: unknown;
  try {
    catalog = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = parseErrorAt(text, message);
    const where = at ? `${path}:${at.line}:${at.column}` : path;
    const hint = /property name|after property value|after array element/.test(message) ? ' (JSON allows no trailing commas or comments)' : '';
    throw new CliError(`${where}: the catalog is not valid JSON: ${message}${hint}`);
  }
  if (catalog === null || typeof catalog !== 'object' || Array.isArray(catalog)) {
    throw new CliError(`${path}:1: the catalog must be a JSON object of products keyed by id, such as {"standard-plan": {"name": "Standard Plan", "unitAmount": "20.50", "currency": "usdt"}}`);
  }
  const products = catalog as Record<string, unknown>;
  if (Object.keys(products).length === 0) throw new CliError(`${path}: the catalog has no products`);
  for (const [id, product] of Object.entries(products)) {
    try {
      // One product at a time, so the error names its line; the handler's check is the one schema.
      createCheckoutHandler({ apiKey, catalog: { [id]: product as Product } });
    } catch (error) {
      const line = lineOfProduct(text, id);
      const reason = (error as Error).message.replace(/^payfect-checkout: /, '');
      throw new CliError(`${path}${line ? `:${line}` : ''}: ${reason}`);
    }
  }
  return products as Record<string, Product>;
}
