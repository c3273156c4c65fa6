import type { CheckoutRequest, CheckoutRequestItem } from '../shared/checkout-request.js';
import { CURRENCY_PATTERN, NETWORK_PATTERN } from '../shared/codes.js';
import { isDecimal } from '../shared/money.js';

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

/** A configuration mistake, named by the attribute the merchant has to fix. */
export class InvalidConfigError extends Error {
  constructor(
    readonly attribute: string,
    problem: string,
  ) {
    super(`${attribute} ${problem}`);
  }
}

// Small hand-written checks instead of the CheckoutRequest zod schema, which would cost
// ~3 KB gzip of the CDN budget. The server validates every field with the schema anyway.

export function check(ok: unknown, attribute: string, problem: string): asserts ok {
  if (!ok) throw new InvalidConfigError(attribute, problem);
}

function currencyCode(value: any, attribute: string): string {
  check(typeof value == 'string' && CURRENCY_PATTERN.test(value), attribute, 'must be a currency code such as usdt');
  return value.toLowerCase();
}

function unitAmount(value: any, attribute: string): string {
  check(typeof value == 'string' && isDecimal(value) && /[1-9]/.test(value), attribute, 'must be a decimal amount above 0 such as 20.50');
  return value;
}

function wholeQuantity(value: any, attribute: string): number {
  check(Number.isSafeInteger(value) && value > 0, attribute, 'must be a whole number of at least 1');
  return value;
}

/** Resolved against the page as a link would be; sent absolute, as the server's schema expects. */
function httpUrl(value: string, attribute: string, base: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value, base);
  } catch {}
  check(/^https?:$/.test(url?.protocol!), attribute, 'must be an http(s) URL');
  return url!.href;
}

/** Mirrors the schema's strict objects: an unknown key is a typo the merchant should hear about. */
function knownFields(value: any, fields: string[], attribute: string): void {
  check(value && typeof value == 'object' && !Array.isArray(value), attribute, 'must be an object');
  for (const key in value) check(fields.includes(key), `${attribute}.${key}`, 'is not a known field');
}

function lineItem(item: any, index: number, currency: string): CheckoutRequestItem {
  const at = (field: string) => `items[${index}]${field}`;
  knownFields(item, ['product_id', 'quantity', 'price_data'], at(''));
  check(typeof item.product_id == 'string' && item.product_id, at('.product_id'), 'is required');
  const line: CheckoutRequestItem = {
    product_id: item.product_id,
    quantity: wholeQuantity(item.quantity ?? 1, at('.quantity')),
  };
  const price = item.price_data;
  if (price != null) {
    knownFields(price, ['currency', 'unit_amount', 'product_data'], at('.price_data'));
    if (price.product_data != null) {
      knownFields(price.product_data, ['name', 'description', 'images'], at('.price_data.product_data'));
    }
    const priceCurrency = currencyCode(price.currency ?? currency, at('.price_data.currency'));
    // One checkout has one currency; the server would answer a mismatch with a misleading price_mismatch.
    check(priceCurrency == currency, at('.price_data.currency'), `must match currency (${currency})`);
    line.price_data = {
      ...price,
      currency,
      unit_amount: unitAmount(price.unit_amount, at('.price_data.unit_amount')),
    };
  }
  return line;
}

/**
 * The CheckoutRequest the button POSTs, built from its attributes. Throws an
 * InvalidConfigError naming the first bad attribute. `base` is the page URL that
 * relative URLs resolve against.
 */
export function buildCheckoutRequest(config: CheckoutConfig, base: string): CheckoutRequest {
  const { productId, name, description, image, amount, items, successUrl, cancelUrl, network } = config;
  const currency = currencyCode(config.currency, 'currency');
  let invoiceItems: CheckoutRequestItem[];
  if (items != null) {
    let list: unknown;
    try {
      list = JSON.parse(items);
    } catch {}
    check(Array.isArray(list) && list.length && list.length <= 100, 'items', 'must be a JSON array of 1 to 100 line items');
    invoiceItems = list.map((item, index) => lineItem(item, index, currency));
  } else {
    check(productId, 'product-id', 'is required, or items');
    const item: CheckoutRequestItem = { product_id: productId, quantity: wholeQuantity(config.quantity, 'quantity') };
    const images = image ? [httpUrl(image, 'image', base)] : undefined;
    if (amount != null) {
      // product_data only carries what the merchant gave; empty attributes count as absent.
      const product = { name: name || undefined, description: description || undefined, images };
      item.price_data = { currency, unit_amount: unitAmount(amount, 'amount') };
      if (name || description || images) item.price_data.product_data = product;
    }
    invoiceItems = [item];
  }
  check(NETWORK_PATTERN.test(network), 'network', 'must be a network name such as tron');
  return {
    currency,
    invoice_items: invoiceItems,
    client_reference_id: config.clientReferenceId || undefined,
    success_url: successUrl ? httpUrl(successUrl, 'success-url', base) : undefined,
    cancel_url: cancelUrl ? httpUrl(cancelUrl, 'cancel-url', base) : undefined,
    payment_method_data: {
      type: 'cryptopaymentmethoddetail',
      paymentMethodDetail: {
        currency: currencyCode(config.payCurrency || currency, 'pay-currency'),
        network: network.toLowerCase(),
      },
    },
  };
}
