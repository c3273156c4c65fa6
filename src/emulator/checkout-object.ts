import { isDecimal, multiplyDecimal, sumDecimals } from '../shared/money.js';
import type { CheckoutStatus, PayfectCallback } from '../shared/payfect-api.js';
import { InvalidFieldError, type CheckoutCreateBody } from './request-bodies.js';

/** A named option the hosted page and `paymentMethodOptions` show, as in the reference's example. */
export interface NamedValue {
  value: string;
  name: string;
}

export interface EmulatedInvoiceItem {
  id: string;
  price: string;
  priceData: {
    currency: string;
    unitAmount: string;
    productData: { name: string; description: string | null; images: string[] };
  };
  quantity: number;
  amount: string;
}

/** The 22 documented response fields, with the documented types and timestamp units. */
export interface EmulatedCheckout {
  id: string;
  merchant: { id: string; name: string };
  nameCollection: boolean;
  emailCollection: boolean;
  phoneNumberCollection: boolean;
  /** Set for a checkout opened from a payment link that collects a shipping address. */
  shippingAddressCollection: { allowedCountries: string[] } | null;
  invoiceItems: EmulatedInvoiceItem[];
  amountTotal: string;
  status: CheckoutStatus;
  /** Seconds since the epoch with a microsecond fraction: `"1690532072.288761"`. */
  createdAt: string;
  updatedAt: string;
  clientReferenceId: string | null;
  currency: string;
  successUrl: string | null;
  cancelUrl: string | null;
  /** Milliseconds since the epoch: `"1703939166000"`. */
  expiresAt: string;
  paymentIntent: string;
  paymentMethodTypes: string[];
  paymentMethodOptions: {
    crypto: { currency: NamedValue & { logo: string }; networks: NamedValue[] }[];
    card: null;
  };
  url: string;
  metadata: Record<string, unknown> | null;
  isLivemode: boolean;
}

const CURRENCY_NAMES: Record<string, string> = {
  usdt: 'Tether',
  usdc: 'USD Coin',
  btc: 'Bitcoin',
  eth: 'Ether',
  trx: 'TRON',
};

const NETWORK_NAMES: Record<string, string> = {
  tron: 'Tron (TRC20)',
  ethereum: 'Ethereum (ERC20)',
  bsc: 'BNB Smart Chain (BEP20)',
  polygon: 'Polygon',
  bitcoin: 'Bitcoin',
};

export const DEFAULT_NETWORK = 'tron';

function currencyName(code: string): string {
  return CURRENCY_NAMES[code] ?? code.toUpperCase();
}

export function networkName(code: string): string {
  return NETWORK_NAMES[code] ?? code;
}

/** Payfect writes `createdAt` as seconds with six fraction digits; the emulator's clock has milliseconds. */
export function secondsTimestamp(ms: number): string {
  const whole = Math.floor(ms / 1000);
  const millis = String(Math.floor(ms) - whole * 1000).padStart(3, '0');
  return `${whole}.${millis}000`;
}

/** The reference shows `"20.00"`: amounts keep their exact value and get at least two fraction digits. */
export function displayAmount(decimal: string): string {
  const [whole, fraction = ''] = decimal.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

/** Money's functions take only decimal amounts, so a product or sum past their range (18 digits before the point) is the request's fault. */
function checkedAmount(amount: string, field: string): string {
  if (!isDecimal(amount)) throw new InvalidFieldError(field, `makes an amount of ${amount}, more than 18 digits before the decimal point`);
  return amount;
}

/** One invoice line with its price known: from inline `price_data`, or from a stored Price and its Product. */
export interface PricedLine {
  /** The Price's ID; an inline price gets a new one, as Payfect's example shows an ID for every item. */
  price: string;
  unitAmount: string;
  currency: string;
  productData: EmulatedInvoiceItem['priceData']['productData'];
  quantity: number;
}

/** What a payment link asks the buyer for; a checkout created by the API collects nothing. */
export interface Collection {
  name: boolean;
  email: boolean;
  phoneNumber: boolean;
  shippingCountries: string[] | null;
}

export interface CheckoutContext {
  id: string;
  merchant: { id: string; name: string };
  origin: string;
  nowMs: number;
  expiresInMs: number;
  collection?: Collection;
}

/**
 * Builds the reply to a valid create body whose lines are priced, computing every amount with
 * exact decimal arithmetic. Throws `InvalidFieldError` when a line or the total is too large to be an amount.
 */
export function createCheckoutObject(body: CheckoutCreateBody, lines: readonly PricedLine[], context: CheckoutContext): EmulatedCheckout {
  const invoiceItems = lines.map((line, index): EmulatedInvoiceItem => ({
    id: globalThis.crypto.randomUUID(),
    price: line.price,
    priceData: { currency: line.currency, unitAmount: displayAmount(line.unitAmount), productData: line.productData },
    quantity: line.quantity,
    amount: displayAmount(checkedAmount(multiplyDecimal(line.unitAmount, line.quantity), `invoice_items.${index}.quantity`)),
  }));
  const collection = context.collection;
  const detail = body.payment_method_data?.paymentMethodDetail;
  const payCurrency = detail?.currency ?? body.currency;
  const network = detail?.network ?? DEFAULT_NETWORK;
  const created = secondsTimestamp(context.nowMs);
  return {
    id: context.id,
    merchant: { ...context.merchant },
    nameCollection: collection?.name ?? false,
    emailCollection: collection?.email ?? false,
    phoneNumberCollection: collection?.phoneNumber ?? false,
    shippingAddressCollection: collection?.shippingCountries ? { allowedCountries: collection.shippingCountries } : null,
    invoiceItems,
    amountTotal: displayAmount(checkedAmount(sumDecimals(invoiceItems.map((item) => item.amount)), 'invoice_items')),
    status: 'open',
    createdAt: created,
    updatedAt: created,
    clientReferenceId: body.client_reference_id ?? null,
    currency: body.currency,
    successUrl: body.success_url ?? null,
    cancelUrl: body.cancel_url ?? null,
    expiresAt: String(Math.floor(context.nowMs + context.expiresInMs)),
    paymentIntent: globalThis.crypto.randomUUID(),
    paymentMethodTypes: body.payment_method_types ?? ['crypto'],
    paymentMethodOptions: {
      crypto: [
        {
          currency: {
            value: payCurrency,
            name: currencyName(payCurrency),
            logo: `/static/images/cryptos/${payCurrency}.png`,
          },
          networks: [{ value: network, name: networkName(network) }],
        },
      ],
      card: null,
    },
    url: `${context.origin}/checkouts/${context.id}`,
    metadata: null,
    isLivemode: false,
  };
}

/** Payfect's callback body for a paid checkout, with the keys in the order of the page's example. */
export function callbackPayload(checkout: EmulatedCheckout, paymentMethodId: string): PayfectCallback {
  const crypto = checkout.paymentMethodOptions.crypto[0];
  return {
    id: checkout.id,
    amount: checkout.amountTotal,
    status: 'succeeded',
    currency: checkout.currency,
    merchant: checkout.merchant.id,
    is_livemode: checkout.isLivemode,
    payment_intent: checkout.paymentIntent,
    payment_method: {
      id: paymentMethodId,
      payment_method_detail: {
        network: crypto?.networks[0]?.value ?? DEFAULT_NETWORK,
        currency: crypto?.currency.value ?? checkout.currency,
      },
    },
    client_reference_id: checkout.clientReferenceId,
  };
}
