import type { PayfectPaymentLinkCreate, PayfectPriceCreate, PayfectProductCreate } from '../shared/payfect-api.js';
import { displayAmount, secondsTimestamp } from './checkout-object.js';

// Payfect documents these objects' request fields only; their replies here follow the checkout object's style (camelCase, string timestamps).

export interface EmulatedProduct {
  id: string;
  name: string;
  description: string | null;
  images: string[];
  createdAt: string;
  updatedAt: string;
  isLivemode: boolean;
}

export interface EmulatedPrice {
  id: string;
  /** The Product's ID. */
  product: string;
  currency: string;
  unitAmount: string;
  createdAt: string;
  updatedAt: string;
  isLivemode: boolean;
}

export interface EmulatedPaymentLink {
  id: string;
  /** Opening it starts a new checkout on the hosted page. */
  url: string;
  nameCollection: boolean;
  emailCollection: boolean;
  phoneNumberCollection: boolean;
  shippingAddressCollection: { allowedCountries: string[] } | null;
  invoiceItems: { id: string; price: string; quantity: number }[];
  createdAt: string;
  updatedAt: string;
  isLivemode: boolean;
}

function stamps(nowMs: number) {
  const created = secondsTimestamp(nowMs);
  return { createdAt: created, updatedAt: created, isLivemode: false };
}

export function createProductObject(body: PayfectProductCreate, nowMs: number): EmulatedProduct {
  return {
    id: globalThis.crypto.randomUUID(),
    name: body.name,
    description: body.description ?? null,
    images: body.images ?? [],
    ...stamps(nowMs),
  };
}

export function createPriceObject(body: PayfectPriceCreate, nowMs: number): EmulatedPrice {
  return {
    id: globalThis.crypto.randomUUID(),
    product: body.product,
    currency: body.currency,
    unitAmount: displayAmount(body.unit_amount),
    ...stamps(nowMs),
  };
}

export function createPaymentLinkObject(body: PayfectPaymentLinkCreate, origin: string, nowMs: number): EmulatedPaymentLink {
  const id = globalThis.crypto.randomUUID();
  return {
    id,
    url: `${origin}/payment-links/${id}`,
    nameCollection: body.name_collection ?? false,
    emailCollection: body.email_collection ?? false,
    phoneNumberCollection: body.phone_number_collection ?? false,
    shippingAddressCollection: body.shipping_address_collection ? { allowedCountries: body.shipping_address_collection } : null,
    invoiceItems: body.invoice_items.map((item) => ({ id: globalThis.crypto.randomUUID(), price: item.price, quantity: item.quantity })),
    ...stamps(nowMs),
  };
}
