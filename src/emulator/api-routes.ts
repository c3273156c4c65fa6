import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type * as z from 'zod/mini';
import { PayfectPaymentLinkCreate, PayfectPriceCreate, PayfectProductCreate } from '../shared/payfect-api.js';
import { detailAnswer, methodNotAllowed, refusal } from './api-answers.js';
import { readBodyText } from './body-text.js';
import type { EmulatorEnv, EmulatorState } from './emulator-state.js';
import { delay } from './faults.js';
import { CheckoutCreateBody, parseBody } from './request-bodies.js';

/** Keys a client sends when its own key is unset: Python's `None`, JavaScript's `null` and `undefined`, or nothing. */
const PLACEHOLDER_KEYS = new Set(['', 'none', 'null', 'undefined']);

function unauthorized(detail: string): Response {
  return detailAnswer(401, detail, {}, { 'www-authenticate': 'Api-Key' });
}

/** Why the Authorization header is refused, or undefined when its key is accepted. */
function keyRefusal(authorization: string | null, acceptsKey: (key: string) => boolean): string | undefined {
  if (!authorization) return 'Authentication credentials were not provided.';
  const match = /^Api-Key(?:\s+(.*))?$/i.exec(authorization);
  if (!match) return 'Authorization must be "Api-Key <your API key>".';
  const key = match[1] ?? '';
  if (PLACEHOLDER_KEYS.has(key.toLowerCase())) {
    return `The client sent no API key ("Authorization: ${authorization}"): the key it was given is unset (None, null, undefined or empty). Set it to your Payfect API key.`;
  }
  return /\s/.test(key) || !acceptsKey(key) ? 'Invalid API key.' : undefined;
}

/** Where a JSON syntax error is, with a hint when it is the trailing comma that Payfect's own first example has. */
function jsonErrorDetail(text: string, error: Error): string {
  const position = Number(/at position (\d+)/.exec(error.message)?.[1] ?? NaN);
  const before = text.slice(0, position).trimEnd();
  const trailingComma = before.endsWith(',') && /^\s*[}\]]/.test(text.slice(position));
  return `JSON parse error - ${error.message}${trailingComma ? '. JSON allows no comma before a closing } or ]: remove the trailing comma.' : ''}`;
}

/**
 * The Payfect API under `/api/v1`: create and retrieve checkouts, products, prices and payment
 * links, each behind the key check and the fault switches.
 */
export function apiRoutes(state: EmulatorState): Hono<EmulatorEnv> {
  const { settings } = state;
  const api = new Hono<EmulatorEnv>();

  api.use('*', async (c, next) => {
    const fault = state.faults.take();
    if (fault.delayMs) await delay(fault.delayMs, c.req.raw.signal);
    if (fault.unauthorized) return unauthorized('Invalid API key.');
    if (fault.status) return detailAnswer(fault.status, `Emulated failure (status ${fault.status}).`);
    if (fault.malformed) {
      const text = fault.malformed === 'wrong-shape' ? JSON.stringify({ id: 42, checkout: null }) : '{"id": "3f1c9a0e-';
      return new Response(text, { status: 201, headers: { 'content-type': 'application/json' } });
    }
    return next();
  });

  const requireKey: MiddlewareHandler<EmulatorEnv> = async (c, next) => {
    const refused = keyRefusal(c.req.header('authorization') ?? null, settings.acceptsKey);
    return refused === undefined ? next() : unauthorized(refused);
  };

  /** The JSON body of a create, within `maxBodyBytes`; kept on the recorded request only once the create succeeds. */
  async function readCreateBody<Schema extends z.ZodMiniType>(c: Context<EmulatorEnv>, schema: Schema): Promise<{ text: string; body: z.output<Schema> }> {
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (mediaType !== 'application/json') throw refusal(415, `Unsupported media type "${mediaType}" in request.`);
    const text = await readBodyText(c.req.raw, settings.maxBodyBytes);
    if (text === undefined) throw refusal(413, `Request body is larger than ${settings.maxBodyBytes} bytes.`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw refusal(400, jsonErrorDetail(text, error as Error));
    }
    return { text, body: parseBody(schema, parsed) };
  }

  /** `POST /api/v1/<name>/` creates one, `GET /api/v1/<name>/<id>/` retrieves it; other methods are 405. */
  function resource<Schema extends z.ZodMiniType>(
    name: string,
    schema: Schema,
    create: (body: z.output<Schema>, origin: string) => object,
    find: (id: string) => object | undefined,
  ): void {
    api.post(`/${name}/`, requireKey, async (c) => {
      const { text, body } = await readCreateBody(c, schema);
      const created = create(body, new URL(c.req.url).origin);
      c.var.recorded.body = text;
      return c.json(created, 201);
    });
    api.all(`/${name}/`, methodNotAllowed('POST'));
    api.get(`/${name}/:id/`, requireKey, (c) => {
      const found = find(c.req.param('id'));
      return found === undefined ? detailAnswer(404, 'Not found.') : c.json(found);
    });
    api.all(`/${name}/:id/`, methodNotAllowed('GET'));
  }

  resource('checkouts', CheckoutCreateBody, (body, origin) => state.addCheckout(body, origin), (id) => state.checkout(id));
  resource('products', PayfectProductCreate, (body) => state.addProduct(body), (id) => state.products.get(id));
  resource('prices', PayfectPriceCreate, (body) => state.addPrice(body), (id) => state.prices.get(id));
  resource('payment-links', PayfectPaymentLinkCreate, (body, origin) => state.addPaymentLink(body, origin), (id) => state.paymentLinks.get(id));
  return api;
}
