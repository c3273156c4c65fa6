// Creates a checkout at an emulator, in process or over HTTP, as a merchant's server would; the test asserts the rest.
import assert from 'node:assert/strict';

export interface CreatedCheckout {
  id: string;
  url: string;
  status: string;
}

/** POSTs `body` to `${origin}/api/v1/checkouts/` with `key` and expects 201. */
export async function createCheckout(
  fetchCheckout: typeof globalThis.fetch,
  origin: string,
  body: Record<string, unknown>,
  key = 'test',
): Promise<CreatedCheckout> {
  const response = await fetchCheckout(`${origin}/api/v1/checkouts/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Api-Key ${key}` },
    body: JSON.stringify({ currency: 'usdt', ...body }),
  });
  assert.equal(response.status, 201);
  return (await response.json()) as CreatedCheckout;
}

/** Three stickers at 0.10: the line the pay and callback tests buy. */
export const STICKERS = [{ price_data: { currency: 'usdt', unit_amount: '0.10', product_data: { name: 'Sticker' } }, quantity: 3 }];
