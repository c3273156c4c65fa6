import * as z from 'zod/mini';
import type { CheckoutRequest, CheckoutRequestItem } from '../../shared/checkout-request.js';
import type { FieldErrors } from '../../shared/errors.js';
import { CheckoutError } from '../checkout-error.js';
import { compareDecimals } from '../../shared/money.js';
import { CurrencyCode, DecimalAmount, ProductData, type PriceData } from '../../shared/schema-parts.js';
import { IN_ENGLISH } from '../../shared/english-messages.js';
import type { Catalog, Product } from '../options.js';

/** A catalog entry as the server checks it; the merchant's data is validated like the wire's. */
const CatalogProduct = z.object({
  name: ProductData.shape.name,
  unitAmount: DecimalAmount,
  currency: CurrencyCode,
  description: ProductData.shape.description,
  images: ProductData.shape.images,
});
type CatalogProduct = z.output<typeof CatalogProduct>;

type LookupProduct = (productId: string, item: CheckoutRequestItem) => Product | undefined | Promise<Product | undefined>;

function invalidProduct(productId: string, issues: readonly z.core.$ZodIssue[]): TypeError {
  const problems = issues.map((issue) => `${issue.path.join('.') || '(product)'} ${issue.message}`).join('; ');
  return new TypeError(`payfect-checkout: catalog product ${JSON.stringify(productId)} is invalid: ${problems}`);
}

function checkProduct(productId: string, product: unknown): CatalogProduct {
  const parsed = CatalogProduct.safeParse(product, IN_ENGLISH);
  if (!parsed.success) throw invalidProduct(productId, parsed.error.issues);
  return parsed.data;
}

/**
 * The server's price authority: every item is priced from the catalog, and a client's
 * `price_data` that disagrees is refused rather than silently corrected.
 */
export class PriceAuthority {
  readonly #products: Map<string, CatalogProduct> | undefined;
  readonly #lookup: LookupProduct | undefined;
  readonly #maxQuantity: number;

  constructor(catalog: Catalog, maxQuantity: number) {
    this.#maxQuantity = maxQuantity;
    if (typeof catalog === 'function') {
      this.#lookup = catalog;
    } else if (catalog !== null && typeof catalog === 'object') {
      // A snapshot in a Map: '__proto__' or 'constructor' can never resolve to a prototype's member.
      this.#products = new Map(Object.entries(catalog).map(([id, product]) => [id, checkProduct(id, product)]));
    } else {
      throw new TypeError('payfect-checkout: `catalog` must be an object of products or a function');
    }
  }

  /** Builds Payfect's `invoice_items` for a valid request, or throws the table's error. */
  async price(request: CheckoutRequest): Promise<Array<{ price_data: PriceData; quantity: number }>> {
    const items = request.invoice_items;
    const quantityErrors: FieldErrors = {};
    let tooMany = false;
    // The cap holds per product, not per line: two lines of one product must not add up past it.
    const totals = new Map<string, number>();
    for (const item of items) totals.set(item.product_id, (totals.get(item.product_id) ?? 0) + item.quantity);
    for (let index = 0; index < items.length; index++) {
      const item = items[index]!;
      if (item.quantity > this.#maxQuantity) {
        quantityErrors[`invoice_items.${index}.quantity`] = `must be at most ${this.#maxQuantity}`;
        tooMany = true;
      } else if (totals.get(item.product_id)! > this.#maxQuantity) {
        quantityErrors[`invoice_items.${index}.quantity`] = `adds up to more than ${this.#maxQuantity} of ${JSON.stringify(item.product_id)} over all lines`;
        tooMany = true;
      }
    }
    if (tooMany) throw new CheckoutError('invalid_request', 'A quantity is larger than allowed.', { fields: quantityErrors });

    const known = this.#products;
    const products =
      known !== undefined
        ? items.map((item) => known.get(item.product_id))
        : await Promise.all(items.map((item) => this.#resolve(item)));
    const unknown: FieldErrors = {};
    const mismatched: FieldErrors = {};
    let unknownCount = 0;
    let mismatchCount = 0;
    const priced: Array<{ price_data: PriceData; quantity: number }> = [];
    for (let index = 0; index < items.length; index++) {
      const item = items[index]!;
      const product = products[index];
      const at = `invoice_items.${index}`;
      if (product === undefined) {
        unknown[`${at}.product_id`] = `no product ${JSON.stringify(item.product_id)} in the catalog`;
        unknownCount++;
        continue;
      }
      if (product.currency !== request.currency) {
        mismatched[`${at}.price_data.currency`] = `the catalog prices this product in ${product.currency}, not ${request.currency}`;
        mismatchCount++;
      } else if (item.price_data !== undefined) {
        if (item.price_data.currency !== product.currency) {
          mismatched[`${at}.price_data.currency`] = `is ${product.currency} in the catalog`;
          mismatchCount++;
        }
        if (compareDecimals(item.price_data.unit_amount, product.unitAmount) !== 0) {
          mismatched[`${at}.price_data.unit_amount`] = `is ${product.unitAmount} in the catalog`;
          mismatchCount++;
        }
      }
      priced.push({ price_data: toPriceData(product), quantity: item.quantity });
    }
    if (unknownCount > 0) {
      throw new CheckoutError('unknown_product', 'The catalog has no such product.', { fields: unknown });
    }
    if (mismatchCount > 0) {
      throw new CheckoutError('price_mismatch', 'The price shown does not match the catalog; reload the page.', {
        fields: mismatched,
      });
    }
    return priced;
  }

  async #resolve(item: CheckoutRequestItem): Promise<CatalogProduct | undefined> {
    // A function that indexes a plain object, `(id) => products[id]`, would return Object.prototype's members.
    if (item.product_id in Object.prototype) return undefined;
    const product = await this.#lookup!(item.product_id, item);
    return product === undefined ? undefined : checkProduct(item.product_id, product);
  }
}

function toPriceData(product: CatalogProduct): PriceData {
  const productData: PriceData['product_data'] = { name: product.name };
  if (product.description !== undefined) productData.description = product.description;
  if (product.images !== undefined) productData.images = product.images;
  return { currency: product.currency, unit_amount: product.unitAmount, product_data: productData };
}
