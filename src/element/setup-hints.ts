// What a developer should change after a failure, for the button's console warning: the button knows the
// page, the endpoint and the answer, so it can name the exact attribute value or server option.
import type { FieldErrors } from '../shared/errors.js';

/**
 * A fetch that rejects: to the page, a server that is down, a wrong host or port, and a cross-origin
 * call the server refused all look like no network at all, so the hint names each place to look.
 */
export function unreachableFix(endpoint: string, attribute: string, page: string): string {
  const { origin } = new URL(page);
  const running = `Is a server with createCheckoutHandler running at ${new URL(endpoint).origin}, and is endpoint="${attribute}" its URL?`;
  return new URL(endpoint).origin == origin
    ? running
    : `${running} Does it allow this page's origin: allowedOrigins: ['${origin}'] (payfect-checkout serve --allow-origin ${origin})?`;
}

/** An answer without an error body (a 404 page, a 405, a proxy's HTML): almost always the wrong URL. */
export function noErrorBodyFix(attribute: string): string {
  return `Check the endpoint attribute (endpoint="${attribute}"): it must be the URL of createCheckoutHandler.`;
}

const FIXES: Record<string, string> = {
  price_mismatch: "The page's amount must be the catalog's price.",
  unknown_product: "product-id must name a product in the server's catalog.",
};

/** The server's `fields` (field: problem, a line each) and, for codes that point at the page's markup, what to change. */
export function answerFix(code: string, fields: FieldErrors | undefined): string {
  const lines = Object.entries(fields ?? {}).map(([field, problem]) => `${field}: ${problem}`);
  if (FIXES[code]) lines.push(FIXES[code]);
  return lines.join('\n');
}
