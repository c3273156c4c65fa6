import { wireBody } from '../server/checkout-fixtures.js';

/** The DESIGN wire example, posted to an endpoint instance's /api/checkout. */
export function buy(url: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${url}/api/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(wireBody()),
  });
}

export interface Answer {
  status: number;
  id?: string;
  code?: string;
}

/** The status, and the checkout id or the error code, of an endpoint's answer. */
export async function answer(response: Response): Promise<Answer> {
  const body = (await response.json()) as { id?: string; error?: { code: string } };
  return { status: response.status, id: body.id, code: body.error?.code };
}
