import * as z from 'zod/mini';
import { CheckoutHandlerSchema } from '../options.js';
import { strictOptions } from '../../shared/option-schema.js';
import type { CompletionStore } from '../stores/completion-store.js';

// The status handler's options, one strict schema; the ones it shares with the session endpoint are that endpoint's own.
const endpoint = CheckoutHandlerSchema.shape;

const CompletionStoreSchema = z.custom<CompletionStore>(
  (value: unknown) => value !== null && typeof value === 'object' && typeof (value as Record<string, unknown>).isCompleted === 'function',
  { error: "must be the callback handler's CompletionStore (a store with an isCompleted() method), shared with createCallbackHandler" },
);

export const StatusHandlerSchema = strictOptions({
  /** The Payfect secret key: `status` comes from Query. */
  apiKey: endpoint.apiKey,
  /** The `CompletionStore` the callback handler writes (the same object, or the same Redis): `fulfilled` is read from it. */
  store: CompletionStoreSchema,
  /** Payfect's API root. Default `'https://api.payfect.finance/api/v1'`. */
  baseUrl: endpoint.baseUrl,
  /** Query's time limit; slower is 504 `payfect_timeout`. Default 10000. */
  timeoutMs: endpoint.timeoutMs,
  /** Default `globalThis.fetch`: inject the emulator's `fetch`, or a fake. */
  fetch: endpoint.fetch,
  /** Cross-origin pages allowed to ask (CORS), as for the session endpoint. Default: none, same-origin only. */
  allowedOrigins: endpoint.allowedOrigins,
  /** Per client, as for the session endpoint but counted apart from it, or `false`. Default `{ windowMs: 60000, max: 30 }`. */
  rateLimit: endpoint.rateLimit,
  /** A header naming the client's address, set by a proxy you trust, as for the session endpoint. Default: none. */
  clientAddressHeader: endpoint.clientAddressHeader,
  /** Told every error answered; it never sees the API key. Without it, 5xx failures and setup refusals are logged; `false` silences that. */
  onError: endpoint.onError,
});

export type StatusHandlerOptions = z.input<typeof StatusHandlerSchema>;
export type ResolvedStatusOptions = z.output<typeof StatusHandlerSchema>;
