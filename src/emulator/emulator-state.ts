import type { PayfectPaymentLinkCreate, PayfectPriceCreate, PayfectProductCreate } from '../shared/payfect-api.js';
import { deliverCallback, type CallbackDelivery } from './callback-delivery.js';
import {
  createPaymentLinkObject,
  createPriceObject,
  createProductObject,
  type EmulatedPaymentLink,
  type EmulatedPrice,
  type EmulatedProduct,
} from './catalog-objects.js';
import {
  callbackPayload,
  createCheckoutObject,
  secondsTimestamp,
  type Collection,
  type EmulatedCheckout,
  type PricedLine,
} from './checkout-object.js';
import type { EmulatorSettings } from './emulator-options.js';
import { Faults } from './faults.js';
import { InvalidFieldError, type CheckoutCreateBody, type InvoiceItem } from './request-bodies.js';

/** A request the emulator received, as tests see it. */
export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  /** The body of a create the emulator accepted; any other request's body, refused ones included, is `''`. */
  body: string;
  at: number;
}

/** What the routes share about one request (Hono's context variables). */
export interface EmulatorEnv {
  Variables: { recorded: RecordedRequest };
}

/** Why `pay(id)` or `expire(id)` refused. */
export class EmulatorError extends Error {
  override name = 'EmulatorError';
  constructor(
    readonly code: 'checkout_not_found' | 'checkout_not_open',
    message: string,
  ) {
    super(message);
  }
}

interface StoredCheckout {
  checkout: EmulatedCheckout;
  callbackUrl: string | undefined;
}

/** Everything the emulator remembers, each collection capped at `maxRecords`, and what changes it. */
export class EmulatorState {
  readonly checkouts = new Map<string, StoredCheckout>();
  readonly products = new Map<string, EmulatedProduct>();
  readonly prices = new Map<string, EmulatedPrice>();
  readonly paymentLinks = new Map<string, EmulatedPaymentLink>();
  readonly requests: RecordedRequest[] = [];
  readonly deliveries: CallbackDelivery[] = [];
  readonly faults = new Faults();
  // Deliveries still running, kept apart from the capped list so idle() waits for dropped ones too.
  readonly #inFlight = new Set<Promise<CallbackDelivery>>();

  constructor(readonly settings: EmulatorSettings) {}

  record(request: RecordedRequest): void {
    this.#append(this.requests, request);
  }

  /** Appends to a capped list, dropping the oldest. */
  #append<Item>(list: Item[], item: Item): void {
    list.push(item);
    if (list.length > this.settings.maxRecords) list.shift();
  }

  /** Adds to a capped map; a Map iterates in insertion order, so its first key is the oldest. */
  #remember<Value>(map: Map<string, Value>, id: string, value: Value): Value {
    map.set(id, value);
    if (map.size > this.settings.maxRecords) map.delete(map.keys().next().value!);
    return value;
  }

  /** A checkout with expiry applied: one past `expiresAt` is expired whenever anyone looks. */
  checkout(id: string): EmulatedCheckout | undefined {
    const entry = this.checkouts.get(id);
    if (entry === undefined) return undefined;
    const { checkout } = entry;
    if (checkout.status === 'open' && this.settings.now() > Number(checkout.expiresAt)) this.#setStatus(checkout, 'expired');
    return checkout;
  }

  addProduct(body: PayfectProductCreate): EmulatedProduct {
    const product = createProductObject(body, this.settings.now());
    return this.#remember(this.products, product.id, product);
  }

  addPrice(body: PayfectPriceCreate): EmulatedPrice {
    if (!this.products.has(body.product)) {
      throw new InvalidFieldError('product', `There is no Product ${JSON.stringify(body.product)}: create it with POST /api/v1/products/ first.`);
    }
    const price = createPriceObject(body, this.settings.now());
    return this.#remember(this.prices, price.id, price);
  }

  addPaymentLink(body: PayfectPaymentLinkCreate, origin: string): EmulatedPaymentLink {
    const lines = this.#priceLines(body.invoice_items);
    lines.forEach((line, index) => {
      if (line.currency !== lines[0]!.currency) {
        throw new InvalidFieldError(`invoice_items.${index}.price`, `is in ${line.currency}, but the first Price is in ${lines[0]!.currency}: a payment link charges one currency.`);
      }
    });
    const link = createPaymentLinkObject(body, this.settings.publicOrigin ?? origin, this.settings.now());
    return this.#remember(this.paymentLinks, link.id, link);
  }

  /** Creates and keeps a checkout; `origin` is where the request was sent, used when there is no `publicUrl`. */
  addCheckout(body: CheckoutCreateBody, origin: string): EmulatedCheckout {
    return this.#keepCheckout(body, this.#priceLines(body.invoice_items), origin);
  }

  /** A new checkout for one visit to a payment link, as Payfect's Payment Link page describes. */
  openPaymentLink(link: EmulatedPaymentLink, origin: string): EmulatedCheckout {
    const items = link.invoiceItems.map(({ price, quantity }) => ({ price, quantity }));
    const lines = this.#priceLines(items);
    return this.#keepCheckout({ currency: lines[0]!.currency, invoice_items: items }, lines, origin, {
      name: link.nameCollection,
      email: link.emailCollection,
      phoneNumber: link.phoneNumberCollection,
      shippingCountries: link.shippingAddressCollection?.allowedCountries ?? null,
    });
  }

  #keepCheckout(body: CheckoutCreateBody, lines: PricedLine[], origin: string, collection?: Collection): EmulatedCheckout {
    const { settings } = this;
    const id = globalThis.crypto.randomUUID();
    const checkout = createCheckoutObject(body, lines, {
      id,
      merchant: settings.merchant,
      origin: settings.publicOrigin ?? origin,
      nowMs: settings.now(),
      expiresInMs: settings.expiresInMs,
      ...(collection && { collection }),
    });
    this.#remember(this.checkouts, id, { checkout, callbackUrl: body.callback_url });
    return checkout;
  }

  /** Prices each item: inline `price_data` as sent, a Price ID from that Price and its Product. */
  #priceLines(items: readonly InvoiceItem[]): PricedLine[] {
    return items.map((item, index): PricedLine => {
      if (item.price_data !== undefined) {
        const { product_data: product } = item.price_data;
        return {
          price: globalThis.crypto.randomUUID(),
          unitAmount: item.price_data.unit_amount,
          currency: item.price_data.currency,
          productData: { name: product.name, description: product.description ?? null, images: product.images ?? [] },
          quantity: item.quantity,
        };
      }
      const field = `invoice_items.${index}.price`;
      const price = this.prices.get(item.price!);
      if (price === undefined) throw new InvalidFieldError(field, `There is no Price ${JSON.stringify(item.price)}: create it with POST /api/v1/prices/ first.`);
      const product = this.products.get(price.product);
      if (product === undefined) throw new InvalidFieldError(field, `The Product of Price ${price.id} no longer exists.`);
      return {
        price: price.id,
        unitAmount: price.unitAmount,
        currency: price.currency,
        productData: { name: product.name, description: product.description, images: [...product.images] },
        quantity: item.quantity,
      };
    });
  }

  /** The checkout pay() or expire() acts on; an unknown or non-open one is refused. */
  #openCheckout(id: string, done: 'paid' | 'expired'): StoredCheckout {
    const checkout = this.checkout(id);
    if (checkout === undefined) throw new EmulatorError('checkout_not_found', `There is no checkout ${JSON.stringify(id)}.`);
    if (checkout.status !== 'open') throw new EmulatorError('checkout_not_open', `Checkout ${id} is ${checkout.status}, so it cannot be ${done}.`);
    return this.checkouts.get(id)!;
  }

  #setStatus(checkout: EmulatedCheckout, status: 'complete' | 'expired'): void {
    checkout.status = status;
    checkout.updatedAt = secondsTimestamp(this.settings.now());
  }

  /** Completes an open checkout and sends its callback to its `callback_url`, or else to the default one. */
  pay(id: string): EmulatedCheckout {
    const { checkout, callbackUrl = this.settings.defaultCallbackUrl } = this.#openCheckout(id, 'paid');
    this.#setStatus(checkout, 'complete');
    if (callbackUrl !== undefined) this.#deliver(checkout, callbackUrl);
    return checkout;
  }

  expire(id: string): EmulatedCheckout {
    const { checkout } = this.#openCheckout(id, 'expired');
    this.#setStatus(checkout, 'expired');
    return checkout;
  }

  #deliver(checkout: EmulatedCheckout, url: string): void {
    const { callbackFetch, signingKey, now, callbackRetry, onDeliveryAttempt } = this.settings;
    const body = JSON.stringify(callbackPayload(checkout, globalThis.crypto.randomUUID()));
    const delivery = deliverCallback(checkout.id, url, body, {
      fetch: callbackFetch,
      signingKey,
      now,
      retry: callbackRetry,
      ...(onDeliveryAttempt && { onAttempt: onDeliveryAttempt }),
    });
    this.#append(this.deliveries, delivery);
    this.#inFlight.add(delivery.done);
    const settled = () => this.#inFlight.delete(delivery.done);
    delivery.done.then(settled, settled);
  }

  async idle(): Promise<void> {
    await Promise.all(this.#inFlight);
  }

  reset(): void {
    for (const map of [this.checkouts, this.products, this.prices, this.paymentLinks]) map.clear();
    this.requests.length = 0;
    this.deliveries.length = 0;
    this.#inFlight.clear();
    this.faults.clear();
  }
}
