import type { CheckoutRequest, CheckoutRequestItem } from '../../shared/checkout-request.js';
import type { FieldErrors } from '../../shared/errors.js';
import { CheckoutError } from '../checkout-error.js';
import { compareDecimals, multiplyDecimal, sumDecimals } from '../../shared/money.js';
import type { PayfectCheckout, PayfectInvoiceItem } from '../../shared/payfect-api.js';
import type { PriceData } from '../../shared/schema-parts.js';
import { checkProduct, type Catalog, type CheckedProduct } from '../options.js';

type LookupProduct = Extract<Catalog, (...args: never[]) => unknown>;
type AmountEntry = Exclude<CheckedProduct, { price: string }>;

/** A line priced by a Payfect Price: its part of the total is known only from Payfect's answer. */
interface PriceIdLine {
  index: number;
  quantity: number;
  /** The unit amount the page showed, if it sent `price_data`. */
  shown: string | undefined;
}

/**
 * The server's price authority: every item is priced from the catalog, and a client's
 * `price_data` that disagrees is refused rather than silently corrected. A catalog entry
 * that names a Payfect Price leaves that line's price to Payfect, and the page's price for
 * it is checked against the checkout Payfect creates (`PricedCart.checkCharge`).
 */
export class PriceAuthority {
  readonly #products: Map<string, CheckedProduct> | undefined;
  readonly #lookup: LookupProduct | undefined;
  readonly #maxQuantity: number;

  constructor(catalog: Catalog, maxQuantity: number) {
    this.#maxQuantity = maxQuantity;
    // The options schema has already refused a catalog that is neither a function nor an object.
    if (typeof catalog === 'function') {
      this.#lookup = catalog;
    } else {
      // A snapshot in a Map: '__proto__' or 'constructor' can never resolve to a prototype's member.
      this.#products = new Map(Object.entries(catalog).map(([id, product]) => [id, checkProduct(id, product)]));
    }
  }

  /** Builds Payfect's `invoice_items` for a valid request and what its checkout must charge, or throws the table's error. */
  async price(request: CheckoutRequest): Promise<PricedCart> {
    const items = request.invoice_items;
    this.#checkQuantities(items);

    const known = this.#products;
    const products =
      known !== undefined
        ? items.map((item) => known.get(item.product_id))
        : await Promise.all(items.map((item) => this.#resolve(item)));
    const unknown: FieldErrors = {};
    const mismatched: FieldErrors = {};
    const invoiceItems: PayfectInvoiceItem[] = [];
    const catalogLines: string[] = [];
    const priceIdLines: PriceIdLine[] = [];
    for (let index = 0; index < items.length; index++) {
      const item = items[index]!;
      const product = products[index];
      const at = `invoice_items.${index}`;
      if (product === undefined) {
        unknown[`${at}.product_id`] = `no product ${JSON.stringify(item.product_id)} in the catalog`;
        continue;
      }
      if ('price' in product) {
        // Payfect knows this Price's currency; a page that shows another one than the checkout's contradicts itself.
        if (item.price_data !== undefined && item.price_data.currency !== request.currency) {
          mismatched[`${at}.price_data.currency`] = `is not the checkout's currency, ${request.currency}`;
        }
        invoiceItems.push({ price: product.price, quantity: item.quantity });
        priceIdLines.push({ index, quantity: item.quantity, shown: item.price_data?.unit_amount });
        continue;
      }
      if (product.currency !== request.currency) {
        mismatched[`${at}.price_data.currency`] = `the catalog prices this product in ${product.currency}, not ${request.currency}`;
      } else if (item.price_data !== undefined) {
        if (item.price_data.currency !== product.currency) {
          mismatched[`${at}.price_data.currency`] = `is ${product.currency} in the catalog`;
        }
        if (compareDecimals(item.price_data.unit_amount, product.unitAmount) !== 0) {
          mismatched[`${at}.price_data.unit_amount`] = `is ${product.unitAmount} in the catalog`;
        }
      }
      invoiceItems.push({ price_data: toPriceData(product), quantity: item.quantity });
      catalogLines.push(multiplyDecimal(product.unitAmount, item.quantity));
    }
    if (Object.keys(unknown).length > 0) {
      throw new CheckoutError('unknown_product', 'The catalog has no such product.', { fields: unknown });
    }
    checkShownTogether(priceIdLines);
    if (Object.keys(mismatched).length > 0) {
      throw new CheckoutError('price_mismatch', 'The price the page shows does not match the catalog.', {
        fields: mismatched,
      });
    }
    return new PricedCart(request.currency, invoiceItems, sumDecimals(catalogLines), priceIdLines);
  }

  /** The cap holds per product, not per line: two lines of one product must not add up past it. */
  #checkQuantities(items: readonly CheckoutRequestItem[]): void {
    const quantityErrors: FieldErrors = {};
    const totals = new Map<string, number>();
    for (const item of items) totals.set(item.product_id, (totals.get(item.product_id) ?? 0) + item.quantity);
    items.forEach((item, index) => {
      if (item.quantity > this.#maxQuantity) {
        quantityErrors[`invoice_items.${index}.quantity`] = `must be at most ${this.#maxQuantity}`;
      } else if (totals.get(item.product_id)! > this.#maxQuantity) {
        quantityErrors[`invoice_items.${index}.quantity`] = `adds up to more than ${this.#maxQuantity} of ${JSON.stringify(item.product_id)} over all lines`;
      }
    });
    if (Object.keys(quantityErrors).length > 0) {
      throw new CheckoutError('invalid_request', 'A quantity is larger than allowed.', { fields: quantityErrors });
    }
  }

  async #resolve(item: CheckoutRequestItem): Promise<CheckedProduct | undefined> {
    // A function that indexes a plain object, `(id) => products[id]`, would return Object.prototype's members.
    if (item.product_id in Object.prototype) return undefined;
    const product = await this.#lookup!(item.product_id, item);
    return product === undefined ? undefined : checkProduct(item.product_id, product);
  }
}

/**
 * Payfect answers one total, so the Price-ID lines' shown prices can be checked only together: a page that
 * shows some of them and not the others is refused before any checkout is created.
 */
function checkShownTogether(lines: readonly PriceIdLine[]): void {
  const shown = lines.filter((line) => line.shown !== undefined);
  if (shown.length === 0 || shown.length === lines.length) return;
  const fields: FieldErrors = {};
  for (const line of lines) {
    if (line.shown === undefined) {
      fields[`invoice_items.${line.index}.price_data`] =
        `is needed, since invoice_items.${shown[0]!.index} shows its price: the prices of products priced by Payfect are checked together, so send all or none`;
    }
  }
  throw new CheckoutError('invalid_request', 'Send price_data for every product priced by Payfect, or for none.', { fields });
}

/**
 * One request priced: the `invoice_items` to send, and the check Payfect's checkout must then pass. Lines
 * priced here add up to a known total; lines priced by a Payfect Price add whatever Payfect charges for them.
 */
export class PricedCart {
  readonly #catalogTotal: string;
  readonly #priceIdLines: readonly PriceIdLine[];

  constructor(
    /** The checkout's currency, lower case. */
    readonly currency: string,
    readonly invoiceItems: PayfectInvoiceItem[],
    catalogTotal: string,
    priceIdLines: readonly PriceIdLine[],
  ) {
    this.#catalogTotal = catalogTotal;
    this.#priceIdLines = priceIdLines;
  }

  /**
   * Payfect's checkout must charge, in the request's currency, the catalog's total, plus (when there are Price-ID
   * lines) anything from zero up (502 `payfect_invalid_response` otherwise). When the page showed a price for every
   * Price-ID line, `amountTotal` must equal the catalog's lines plus those lines at the prices shown (409
   * `price_mismatch`, naming each Price-ID line); that checkout is then not shown to the buyer, and left to expire.
   */
  checkCharge(checkout: PayfectCheckout): void {
    const { amountTotal: amount, currency } = checkout;
    const byPayfect = this.#priceIdLines.length > 0;
    const order = amount === undefined ? undefined : compareDecimals(amount, this.#catalogTotal);
    if (order === undefined || currency?.toLowerCase() !== this.currency || order < 0 || (order > 0 && !byPayfect)) {
      const rest = byPayfect ? `, plus Payfect's Prices for ${this.#lineList()}` : '';
      throw new CheckoutError('payfect_invalid_response', "Payfect's checkout does not charge the catalog's total; it was not used.", {
        cause: new Error(`Payfect answered ${String(amount)} ${String(currency)} for a catalog total of ${this.#catalogTotal} ${this.currency}${rest}`),
      });
    }
    const shown = this.#priceIdLines.map((line) => line.shown);
    if (!byPayfect || shown.includes(undefined)) return;
    const expected = sumDecimals([this.#catalogTotal, ...this.#priceIdLines.map((line) => multiplyDecimal(line.shown!, line.quantity))]);
    if (compareDecimals(amount!, expected) === 0) return;
    const fields: FieldErrors = {};
    for (const line of this.#priceIdLines) {
      fields[`invoice_items.${line.index}.price_data.unit_amount`] =
        `Payfect charges ${amount} ${this.currency} for the checkout, not the ${expected} these prices make`;
    }
    throw new CheckoutError(
      'price_mismatch',
      "The price the page shows does not match Payfect's Price. The checkout Payfect created for it was not used and is left to expire.",
      {
        fields,
        cause: new Error(
          `Payfect's checkout ${checkout.id} charges ${amount} ${this.currency}; the catalog's lines and the prices the page ` +
            `showed for ${this.#lineList()} make ${expected}. Update the page's price or the Payfect Price.`,
        ),
      },
    );
  }

  #lineList(): string {
    return this.#priceIdLines.map((line) => `invoice_items.${line.index}`).join(', ');
  }
}

function toPriceData(product: AmountEntry): PriceData {
  const productData: PriceData['product_data'] = { name: product.name };
  if (product.description !== undefined) productData.description = product.description;
  if (product.images !== undefined) productData.images = [...product.images];
  return { currency: product.currency, unit_amount: product.unitAmount, product_data: productData };
}
