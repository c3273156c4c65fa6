// What every framework page shares: the state it renders from, the events it saw, and the hooks
// the browser test drives it with (window.harness).
import type {
  PayfectCheckoutErrorEvent,
  PayfectCheckoutRedirectEvent,
  PayfectCheckoutStartEvent,
  PayfectCheckoutStatusEvent,
} from 'payfect-checkout';

export interface PageState {
  endpoint: string;
  productId: string;
  quantity: number;
}

export const initialState: PageState = { endpoint: '/api/checkout', productId: 'tshirt', quantity: 1 };

/** The checkout the page's <payfect-checkout-status> asks about; the test server says it is paid and fulfilled. */
export const returnedCheckout = 'chk_1';

export interface SeenEvent {
  type: string;
  productId?: string | undefined;
  quantity?: number | undefined;
  url?: string;
  code?: string;
}

const seen: SeenEvent[] = [];
const statuses: string[] = [];

export function onStart(event: PayfectCheckoutStartEvent): void {
  const item = event.detail.request.invoice_items[0];
  seen.push({ type: event.type, productId: item?.product_id, quantity: item?.quantity });
}

/** Cancels the navigation, so the page stays to report. */
export function onRedirect(event: PayfectCheckoutRedirectEvent): void {
  event.preventDefault();
  seen.push({ type: event.type, url: event.detail.checkout.url });
}

export function onError(event: PayfectCheckoutErrorEvent): void {
  seen.push({ type: event.type, code: event.detail.code });
}

/** Each state <payfect-checkout-status> reports. */
export function onStatus(event: PayfectCheckoutStatusEvent): void {
  statuses.push(event.detail.state);
}

export interface Harness {
  seen: SeenEvent[];
  statuses: string[];
  /** Re-renders from the merged state; resolves once the DOM is updated. */
  set(state: Partial<PageState>): Promise<void>;
  unmount(): void;
}

declare global {
  interface Window {
    harness: Harness;
  }
}

export function expose(hooks: Omit<Harness, 'seen' | 'statuses'>): void {
  window.harness = { seen, statuses, ...hooks };
}
