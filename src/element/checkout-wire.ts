import type { CheckoutRequest, CheckoutRequestItem } from '../shared/checkout-request.js';
import type { CheckoutSession } from '../shared/checkout-session.js';
import type { ErrorBody } from '../shared/error-body.js';
import { CURRENCY_PATTERN, NETWORK_PATTERN } from '../shared/codes.js';
import { isDecimal } from '../shared/money.js';

// The element's three boundaries (its attributes → the request, the success reply, the
// error reply), checked by hand: zod would cost over 4 KB gzip of the 12 KiB CDN
// budget. test/shared/element-boundaries.test.ts holds each check to its shared schema.

/** The element's attributes that shape the request, as their property values. */
export interface CheckoutConfig {
  productId?: string | null;
  name?: string | null;
  description?: string | null;
  image?: string | null;
  amount?: string | null;
  currency: string;
  quantity: number;
  items?: string | null;
  clientReferenceId?: string | null;
  successUrl?: string | null;
  cancelUrl?: string | null;
  network: string;
  payCurrency?: string | null;
}

/** What the buyer pays for: the part of the request the label is derived from. */
export type CheckoutCart = Pick<CheckoutRequest, 'currency' | 'invoice_items'>;

/**
 * The page's own URL, never document.baseURI: a `<base>` injected into the markup must not
 * move the POST, the status question or the buyer. A srcdoc or about:blank frame has no URL of its own: the origin
 * it inherits stands in. Undefined on a server (SSR), where only the label is needed.
 */
export function pageUrl(): string | undefined {
  const href = globalThis.location?.href;
  return href && (/^https?:/.test(href) ? href : origin + '/');
}

/** A configuration mistake, named by the attribute the merchant has to fix. */
export class InvalidConfigError extends Error {
  constructor(
    readonly attribute: string,
    problem: string,
  ) {
    super(`${attribute} ${problem}`);
  }
}

export function check(ok: unknown, attribute: string, problem: string): asserts ok {
  if (!ok) throw new InvalidConfigError(attribute, problem);
}

export const isObject = (value: any): value is Record<string, any> => value && typeof value == 'object' && !Array.isArray(value);

/** A string of `min` to `max` UTF-16 units, as zod's minLength/maxLength count. */
const isText = (value: unknown, max = 1e9, min = 1): value is string =>
  typeof value == 'string' && value.length >= min && value.length <= max;

function text(value: unknown, max: number, attribute: string, min = 1): string {
  check(isText(value, max, min), attribute, `must be text of ${min} to ${max} characters`);
  return value;
}

function currencyCode(value: unknown, attribute: string): string {
  check(typeof value == 'string' && CURRENCY_PATTERN.test(value), attribute, 'must be a currency code such as usdt');
  return value.toLowerCase();
}

function unitAmount(value: any, attribute: string): string {
  check(typeof value == 'string' && isDecimal(value) && /[1-9]/.test(value), attribute, 'must be a decimal amount above 0 such as 20.50');
  return value;
}

/** A `timeout` setTimeout keeps: it fires at once for NaN, 0 or more than 2^31 - 1 ms, so every wait would end at once. */
export function checkTimeout(ms: number): void {
  check(ms > 0 && ms < 2 ** 31, 'timeout', 'must be a number of milliseconds above 0');
}

function wholeQuantity(value: any, attribute: string): number {
  check(Number.isSafeInteger(value) && value > 0, attribute, 'must be a whole number of at least 1');
  return value;
}

/** Resolved against `page` as a link would be; sent absolute, as the server's schema expects. */
export function httpUrl(value: unknown, attribute: string, page: string | undefined): string {
  let url: URL | undefined;
  try {
    url = new URL(value as string, page);
  } catch {}
  check(typeof value == 'string' && /^https?:$/.test(url?.protocol!), attribute, 'must be an http(s) URL');
  return url!.href;
}

/** Mirrors the schema's strict objects: an unknown key is a typo the merchant should hear about. */
function knownFields(value: any, fields: string[], attribute: string): Record<string, any> {
  check(isObject(value), attribute, 'must be an object');
  for (const key in value) check(fields.includes(key), `${attribute}.${key}`, 'is not a known field');
  return value;
}

/** `product_data` with only the fields given; a missing or null one is left out. */
function productData(value: any, at: string, page: string | undefined): NonNullable<CheckoutRequestItem['price_data']>['product_data'] {
  const { name, description, images } = knownFields(value, ['name', 'description', 'images'], at);
  check(images == null || (Array.isArray(images) && images.length <= 8), `${at}.images`, 'must be a list of up to 8 URLs');
  return {
    name: name == null ? undefined : text(name, 250, `${at}.name`),
    description: description == null ? undefined : text(description, 1000, `${at}.description`, 0),
    images: images?.map((url: unknown, index: number) => httpUrl(url, `${at}.images[${index}]`, page)),
  };
}

function lineItem(item: any, index: number, currency: string, page: string | undefined): CheckoutRequestItem {
  const at = `items[${index}]`;
  const { product_id, quantity, price_data: price } = knownFields(item, ['product_id', 'quantity', 'price_data'], at);
  const line: CheckoutRequestItem = {
    product_id: text(product_id, 200, `${at}.product_id`),
    quantity: wholeQuantity(quantity ?? 1, `${at}.quantity`),
  };
  if (price != null) {
    const { currency: own, unit_amount, product_data } = knownFields(price, ['currency', 'unit_amount', 'product_data'], `${at}.price_data`);
    // One checkout has one currency; the server would answer a mismatch with a misleading price_mismatch.
    check(currencyCode(own ?? currency, `${at}.price_data.currency`) == currency, `${at}.price_data.currency`, `must match currency (${currency})`);
    line.price_data = { currency, unit_amount: unitAmount(unit_amount, `${at}.price_data.unit_amount`) };
    if (product_data != null) line.price_data.product_data = productData(product_data, `${at}.price_data.product_data`, page);
  }
  return line;
}

/**
 * What the buyer pays for: the currency, and each line's product, quantity and unit amount (the label is
 * derived from it). The single product's `product-id` and display data are checked by buildCheckoutRequest,
 * so a button without them still shows its price.
 */
export function checkoutCart(config: CheckoutConfig, page: string | undefined): CheckoutCart {
  const { productId, amount, items } = config;
  const currency = currencyCode(config.currency, 'currency');
  if (items != null) {
    let list: unknown;
    try {
      list = JSON.parse(items);
    } catch {}
    check(Array.isArray(list) && list.length && list.length <= 100, 'items', 'must be a JSON array of 1 to 100 line items');
    return { currency, invoice_items: list.map((item, index) => lineItem(item, index, currency, page)) };
  }
  const item: CheckoutRequestItem = { product_id: productId!, quantity: wholeQuantity(config.quantity, 'quantity') };
  if (amount != null) item.price_data = { currency, unit_amount: unitAmount(amount, 'amount') };
  return { currency, invoice_items: [item] };
}

/** The single product's `product_data`: only what the merchant gave, sent with its price; empty attributes count as absent. */
function singleProductData(config: CheckoutConfig, page: string | undefined) {
  const { name, description, image } = config;
  const images = image ? [httpUrl(image, 'image', page)] : undefined;
  if (config.amount == null || !(name || description || images)) return;
  return {
    name: name ? text(name, 250, 'name') : undefined,
    description: description ? text(description, 1000, 'description') : undefined,
    images,
  };
}

/**
 * The CheckoutRequest the button POSTs: `cart` and the rest of the attributes. Throws an
 * InvalidConfigError naming the first bad attribute. Relative URLs resolve against `page`.
 */
export function buildCheckoutRequest(config: CheckoutConfig, cart: CheckoutCart, page: string | undefined): CheckoutRequest {
  const { productId, clientReferenceId, successUrl, cancelUrl, network } = config;
  let invoiceItems = cart.invoice_items;
  if (config.items == null) {
    const [item] = invoiceItems;
    const productData = singleProductData(config, page);
    if (productData) invoiceItems = [{ ...item!, price_data: { ...item!.price_data!, product_data: productData } }];
  }
  check(config.items != null || isText(productId, 200), 'product-id', 'is required (up to 200 characters), or items');
  check(NETWORK_PATTERN.test(network), 'network', 'must be a network name such as tron');
  return {
    currency: cart.currency,
    invoice_items: invoiceItems,
    client_reference_id: clientReferenceId ? text(clientReferenceId, 200, 'client-reference-id') : undefined,
    success_url: successUrl ? httpUrl(successUrl, 'success-url', page) : undefined,
    cancel_url: cancelUrl ? httpUrl(cancelUrl, 'cancel-url', page) : undefined,
    payment_method_data: {
      type: 'cryptopaymentmethoddetail',
      paymentMethodDetail: { currency: currencyCode(config.payCurrency || cart.currency, 'pay-currency'), network: network.toLowerCase() },
    },
  };
}

const orNull = (value: unknown) => value === null || typeof value == 'string';

/** Payfect's checkout statuses, as a session reply and a status answer carry them. */
export const isPayfectStatus = (value: unknown) => ['open', 'complete', 'expired'].includes(value as string);

/**
 * A request's response and its body as JSON, or an undefined body when it is not JSON (the status then
 * judges it). A timeout or a connection dropped mid-body rejects, as the request itself does.
 */
export async function fetchReply(send: typeof fetch, url: string, init: RequestInit): Promise<{ response: Response; reply: unknown }> {
  const response = await send(url, init);
  const reply = await response.json().catch((error: unknown) => {
    if (!(error instanceof SyntaxError)) throw error;
  });
  return { response, reply };
}

/** The CheckoutSession in a success reply (its fields only), or undefined when the reply is not one. */
export function sessionOfReply(reply: any): CheckoutSession | undefined {
  const { id, url, status, amountTotal, currency, expiresAt, isLivemode } = isObject(reply) ? reply : ({} as any);
  if (
    isText(id) &&
    isText(url) &&
    isPayfectStatus(status) &&
    orNull(amountTotal) &&
    orNull(currency) &&
    orNull(expiresAt) &&
    typeof isLivemode == 'boolean'
  ) {
    return { id, url, status, amountTotal, currency, expiresAt, isLivemode };
  }
}

/** The `error` of an ErrorBody reply, or undefined when the reply is not one. */
export function errorOfReply(reply: any): ErrorBody['error'] | undefined {
  const error = isObject(reply) && reply.error;
  if (!isObject(error) || !isText(error.code) || typeof error.message != 'string') return;
  const { code, message, fields } = error;
  if (fields === undefined) return { code, message };
  if (!isObject(fields)) return;
  const copy: Record<string, string> = {};
  for (const key in fields) {
    // As zod's record does: a `__proto__` key is skipped, never copied onto the result's prototype.
    if (key == '__proto__') continue;
    if (typeof fields[key] != 'string') return;
    copy[key] = fields[key];
  }
  return { code, message, fields: copy };
}
