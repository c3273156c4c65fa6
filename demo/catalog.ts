import type { AmountProduct } from '../src/server/index.js';

/**
 * The demo shop's prices. The server prices every checkout from here; the amounts the
 * pages show must match, or the endpoint refuses the checkout (409 price_mismatch).
 */
export const catalog: Record<string, AmountProduct> = {
  'standard-plan': {
    name: 'Standard Plan',
    description: 'One month of the standard plan',
    unitAmount: '20.50',
    currency: 'usdt',
  },
  sticker: {
    name: 'Sticker',
    description: 'A die-cut vinyl sticker',
    unitAmount: '0.10',
    currency: 'usdt',
  },
  mug: {
    name: 'Payfect mug',
    description: 'Ceramic, 350 ml',
    unitAmount: '12.00',
    currency: 'usdt',
  },
  tshirt: {
    name: 'T-shirt',
    description: 'Organic cotton, black',
    unitAmount: '25.00',
    currency: 'usdt',
  },
};

/** Payfect's API as the demo's server reaches it: by default the real one, over the network. */
interface PayfectApi {
  apiKey: string;
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
}

/**
 * Makes the hoodie's Product and Price at Payfect, as a merchant makes them once in Payfect's
 * dashboard or with its SDK, and returns the Price's ID: the catalog's `hoodie` entry is `{ price: id }`,
 * so Payfect, not this file, decides what a hoodie costs.
 */
export async function createHoodiePrice({ apiKey, baseUrl = 'https://api.payfect.finance/api/v1', fetch = globalThis.fetch }: PayfectApi): Promise<string> {
  const create = async (path: string, body: unknown): Promise<{ id: string }> => {
    const response = await fetch(`${baseUrl}/${path}`, {
      method: 'POST',
      headers: { authorization: `Api-Key ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`Payfect answered ${response.status} to POST ${path}: ${await response.text()}`);
    return (await response.json()) as { id: string };
  };
  const product = await create('products/', { name: 'Payfect hoodie', description: 'Heavy cotton, grey' });
  return (await create('prices/', { product: product.id, currency: 'usdt', unit_amount: '35.00' })).id;
}
