import type { ServerErrorCode } from '../shared/errors.js';
import type { CheckoutError } from './checkout-error.js';

// Telling the developer what went wrong: the one reporting type, the default log that stands in
// for it, and the one way to say a warning once.

/** Told every error a handler answers, and failures that did not change the answer. Never sees the API key. */
export type OnError = (error: CheckoutError, request: Request) => void;

/** An `OnError` with its request already bound, for the parts of a flow that never see the Request (stores, fulfilment). */
export type Report = (error: CheckoutError) => void;

/** Says each thing once per handler: a warning repeated on every request would drown the log it is meant for. */
export class OnceWarnings {
  readonly #said = new Set<string>();

  /** `console.warn(...message)` the first time `topic` comes up, nothing after. */
  warn(topic: string, ...message: unknown[]): void {
    if (this.#said.has(topic)) return;
    this.#said.add(topic);
    console.warn(...message);
  }
}

/** What the default log knows about the handler it speaks for. */
export interface Speaker {
  /** The function that made the handler, such as `createCheckoutHandler`. */
  handler: string;
  /** Where the handler asks Payfect (Query), for the hint of `checkout_not_complete`. */
  baseUrl: string;
  warnings: OnceWarnings;
}

/** The handler's `onError`: the merchant's own, none for `false`, else the default log. */
export function chooseOnError(option: OnError | false | undefined, speaker: Speaker): OnError | undefined {
  if (option === false) return undefined;
  return option ?? ((error, request) => logFailure(error, request, speaker));
}

/**
 * The default `onError`: a 5xx is a `console.error` every time (something is broken); a refusal
 * that points at setup is a `console.warn` naming its fix, once per handler and code; the rest
 * (a bad body, a rate limit) is the client's business and is not logged.
 */
function logFailure(error: CheckoutError, request: Request, speaker: Speaker): void {
  if (error.status >= 500) {
    console.error(`payfect-checkout: ${speaker.handler} failed (${error.status} ${error.code}): ${error.message}`, error);
    return;
  }
  const fix = SETUP_FIXES[error.code];
  if (fix === undefined) return;
  speaker.warnings.warn(
    error.code,
    `payfect-checkout: ${speaker.handler} refused a request (${error.status} ${error.code}): ${fix(error, request, speaker)} ` +
      '(Said once per code; an onError option replaces this log, and onError: false silences it.)',
  );
}

type Fix = (error: CheckoutError, request: Request, speaker: Speaker) => string;

/** The refusals a developer's setup causes, each with what to change. */
const SETUP_FIXES: Partial<Record<ServerErrorCode, Fix>> = {
  origin_not_allowed: (_error, request) => {
    const origin = request.headers.get('origin');
    if (origin === 'null') {
      return 'the page sent `Origin: null` (a file:// page or a sandboxed frame), which no option can allow; serve the page over http(s).';
    }
    return (
      `the page at ${origin} is on another origin than this endpoint and is not in \`allowedOrigins\`. ` +
      `If that page is yours, allow it: \`allowedOrigins: ['${origin}']\` (with \`payfect-checkout serve\`: \`--allow-origin ${origin}\`).`
    );
  },
  signature_invalid: (error) =>
    `${error.message} Set \`signingKey\` (often read from PAYFECT_SIGNING_KEY) to the key the notifications are signed with. ` +
    'The emulator makes a new key at each start unless given `--signing-key`: use the key it prints, or start it with `--signing-key <your key>`.',
  unknown_product: (error) =>
    `${fieldList(error)}. Add the product to the \`catalog\` option, or give the button a \`product-id\` the catalog has.`,
  redirect_not_allowed: (error) =>
    `${causeOf(error) ?? fieldList(error)}. If that page is yours, add its origin to \`allowedRedirectOrigins\`; ` +
    'or leave `success-url` and `cancel-url` off the button, so `successUrl` and `cancelUrl` are used.',
  price_mismatch: (error) =>
    `${fieldList(error)}. The page shows a price the catalog does not sell at: make the button's \`amount\` (or its \`items\`) ` +
    'equal the catalog entry, or change the catalog. A buyer who edits the page is refused the same way.',
  checkout_not_complete: (error, _request, { baseUrl }) =>
    `${error.message} Payfect's Query (GET ${baseUrl}/checkouts/<id>/) did not confirm this notification. ` +
    'If the checkouts are created on the emulator or another Payfect, give this handler the same `baseUrl`, `apiKey` and `fetch` ' +
    'as createCheckoutHandler. A forged or early notification is refused the same way.',
};

/** `path: message, …` from the error's fields, or its message when it has none. */
function fieldList(error: CheckoutError): string {
  const fields = Object.entries(error.fields ?? {});
  return fields.length === 0 ? error.message : fields.map(([path, message]) => `${path}: ${message}`).join(', ');
}

function causeOf(error: CheckoutError): string | undefined {
  return error.cause instanceof Error ? error.cause.message : undefined;
}
