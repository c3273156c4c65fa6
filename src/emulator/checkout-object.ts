import { multiplyDecimal, sumDecimals } from '../shared/money.js';
import type { CheckoutStatus, PayfectCheckoutCreate } from '../shared/payfect-api.js';

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
  shippingAddressCollection: Record<string, unknown> | null;
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
function displayAmount(decimal: string): string {
  const [whole, fraction = ''] = decimal.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

export interface CheckoutContext {
  id: string;
  merchant: { id: string; name: string };
  origin: string;
  nowMs: number;
  expiresInMs: number;
}

/** Builds the reply to a valid create body, computing every amount with exact decimal arithmetic. */
export function createCheckoutObject(body: PayfectCheckoutCreate, context: CheckoutContext): EmulatedCheckout {
  const invoiceItems = body.invoice_items.map((item): EmulatedInvoiceItem => {
    const { price_data: price } = item;
    return {
      id: globalThis.crypto.randomUUID(),
      price: globalThis.crypto.randomUUID(),
      priceData: {
        currency: price.currency,
        unitAmount: displayAmount(price.unit_amount),
        productData: {
          name: price.product_data.name,
          description: price.product_data.description ?? null,
          images: price.product_data.images ?? [],
        },
      },
      quantity: item.quantity,
      amount: displayAmount(multiplyDecimal(price.unit_amount, item.quantity)),
    };
  });
  const detail = body.payment_method_data?.paymentMethodDetail;
  const payCurrency = detail?.currency ?? body.currency;
  const network = detail?.network ?? DEFAULT_NETWORK;
  const created = secondsTimestamp(context.nowMs);
  return {
    id: context.id,
    merchant: { ...context.merchant },
    nameCollection: false,
    emailCollection: false,
    phoneNumberCollection: false,
    shippingAddressCollection: null,
    invoiceItems,
    amountTotal: displayAmount(sumDecimals(invoiceItems.map((item) => item.amount))),
    status: 'open',
    createdAt: created,
    updatedAt: created,
    clientReferenceId: body.client_reference_id ?? null,
    currency: body.currency,
    successUrl: body.success_url ?? null,
    cancelUrl: body.cancel_url ?? null,
    expiresAt: String(Math.floor(context.nowMs + context.expiresInMs)),
    paymentIntent: globalThis.crypto.randomUUID(),
    paymentMethodTypes: ['crypto'],
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
