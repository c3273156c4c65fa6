import { PayfectCheckoutButton } from './payfect-checkout-button.js';
import type {
  PayfectCheckoutErrorEvent,
  PayfectCheckoutRedirectEvent,
  PayfectCheckoutStartEvent,
} from './events.js';

try {
  customElements.define('payfect-checkout-button', PayfectCheckoutButton);
} catch (error: unknown) {
  // Already defined (two copies of the script): keep the first. No DOM (SSR): nothing to define.
  if (
    !(error instanceof DOMException && error.name == 'NotSupportedError') &&
    !(error instanceof ReferenceError)
  ) {
    throw error;
  }
}

/** The attributes as JSX/TSX sees them, for frameworks that type custom elements through JSX. */
type PayfectCheckoutButtonJsx = Partial<{
  endpoint: string;
  'product-id': string;
  name: string;
  description: string;
  image: string;
  amount: string;
  currency: string;
  quantity: number | string;
  items: string;
  'client-reference-id': string;
  'success-url': string;
  'cancel-url': string;
  network: string;
  'pay-currency': string;
  'checkout-hosts': string;
  timeout: number | string;
  disabled: boolean;
  class: string;
  className: string;
  id: string;
  slot: string;
  style: string | Record<string, string | number>;
  children: unknown;
  key: string | number;
  ref: unknown;
}>;

declare global {
  interface HTMLElementTagNameMap {
    'payfect-checkout-button': PayfectCheckoutButton;
  }
  interface HTMLElementEventMap {
    'payfect-checkout-start': PayfectCheckoutStartEvent;
    'payfect-checkout-redirect': PayfectCheckoutRedirectEvent;
    'payfect-checkout-error': PayfectCheckoutErrorEvent;
  }
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'payfect-checkout-button': PayfectCheckoutButtonJsx;
    }
  }
}
