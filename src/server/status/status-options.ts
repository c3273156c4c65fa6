import * as z from 'zod/mini';
import { checkOptionNames } from '../../shared/option-names.js';
import { CheckoutHandlerSchema, resolveOptions } from '../options.js';
import type { CompletionStore } from '../stores/completion-store.js';

// The status handler's options, one schema; the ones it shares with the session endpoint are that endpoint's own.
const endpoint = CheckoutHandlerSchema.shape;

const CompletionStoreSchema = z.custom<CompletionStore>(
  (value: unknown) => value !== null && typeof value === 'object' && typeof (value as Record<string, unknown>).isCompleted === 'function',
  { error: "must be the callback handler's CompletionStore (a store with an isCompleted() method), shared with createCallbackHandler" },
);

export const StatusHandlerSchema = z.object({
  /** The Payfect secret key: `status` comes from Query. */
  apiKey: endpoint.apiKey,
  /** The `CompletionStore` the callback handler writes (the same object, or the same Redis): `fulfilled` is read from it. */
  store: CompletionStoreSchema,
  /** Default 'https://api.payfect.finance/api/v1'. */
  baseUrl: endpoint.baseUrl,
  /** Query's time limit; slower is 504 `payfect_timeout`. Default 10000. */
  timeoutMs: endpoint.timeoutMs,
  /** Default globalThis.fetch. */
  fetch: endpoint.fetch,
  /** Cross-origin pages allowed to ask (CORS), as for the session endpoint. Default: none, same-origin only. */
  allowedOrigins: endpoint.allowedOrigins,
  /** As for the session endpoint, counted apart from it. Default { windowMs: 60000, max: 30 }. */
  rateLimit: endpoint.rateLimit,
  /** A header naming the client's address, set by a proxy you trust, as for the session endpoint. Default: none. */
  clientAddressHeader: endpoint.clientAddressHeader,
  /** Called with every error answered. Never sees the API key. */
  onError: endpoint.onError,
});

export type StatusHandlerOptions = z.input<typeof StatusHandlerSchema>;
export type ResolvedStatusOptions = z.output<typeof StatusHandlerSchema>;

const OPTION_NAMES = Object.keys(StatusHandlerSchema.shape);

/** The options checked (a misspelt name is a TypeError naming the nearest one) and defaulted. */
export function resolveStatusOptions(options: StatusHandlerOptions): ResolvedStatusOptions {
  if (options !== null && typeof options === 'object') checkOptionNames(options, OPTION_NAMES, 'createStatusHandler');
  return resolveOptions(StatusHandlerSchema, options);
}
