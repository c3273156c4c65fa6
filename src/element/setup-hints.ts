// What a developer should change after a failure, for the button's console warning: the button knows the
// page, the endpoint and the answer, so it can name the exact attribute value or server option.
import type { FieldErrors } from '../shared/errors.js';

/** A fetch that rejects: to the page, a cross-origin call the server refused looks like no network at all. */
export function unreachableFix(endpoint: string, page: string): string {
  const { origin } = new URL(page);
  if (new URL(endpoint).origin == origin) return 'Check that the server is running and the endpoint attribute points at it.';
  return (
    `It is on another origin than this page (${origin}), so the server must allow this page: ` +
    `allowedOrigins: ['${origin}'] in createCheckoutHandler, or --allow-origin ${origin} for payfect-checkout serve. ` +
    'Otherwise, check that the server is running.'
  );
}

/** An answer without an error body (a 404 page, a 405, a proxy's HTML): almost always the wrong URL. */
export function noErrorBodyFix(endpoint: string, attribute: string): string {
  return `Check the endpoint attribute (endpoint="${attribute}", resolved to ${endpoint}): it must be the URL your createCheckoutHandler answers.`;
}

const FIXES: Record<string, string> = {
  price_mismatch: "The amount on the page must be the catalog's price: change the amount attribute or the catalog.",
  unknown_product: "product-id (or each item's product_id) must name a product in the server's catalog.",
};

/** The server's `fields` (field: problem, a line each) and, for codes that point at the page's markup, what to change. */
export function answerFix(code: string, fields: FieldErrors | undefined): string {
  const lines = Object.entries(fields ?? {}).map(([field, problem]) => `${field}: ${problem}`);
  if (FIXES[code]) lines.push(FIXES[code]);
  return lines.join('\n');
}
