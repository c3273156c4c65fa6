import { PayfectCheckoutButton } from './payfect-checkout-button.js';
import { PayfectCheckoutStatus, type PayfectCheckoutStatusEvent } from './payfect-checkout-status.js';
import type { LitElement } from 'lit';
import type {
  PayfectCheckoutErrorEvent,
  PayfectCheckoutRedirectEvent,
  PayfectCheckoutStartEvent,
} from './events.js';

/** Runs one `customElements.define` (written out at each call, so the manifest analyzer finds each tag). */
function guarded(define: () => void) {
  try {
    define();
  } catch (error: unknown) {
    // Already defined (two copies of the script): keep the first. No DOM (SSR): nothing to define.
    if (
      !(error instanceof DOMException && error.name == 'NotSupportedError') &&
      !(error instanceof ReferenceError)
    ) {
      throw error;
    }
  }
}
guarded(() => customElements.define('payfect-checkout-button', PayfectCheckoutButton));
guarded(() => customElements.define('payfect-checkout-status', PayfectCheckoutStatus));

// The typings below are derived from each class and its event map, so a new property or event
// reaches every framework's types at once. None of them names a framework type: the React and
// Vue blocks are dropped by TypeScript when that framework is not installed.

/** The button's events, by name. */
export interface PayfectCheckoutButtonEventMap {
  'payfect-checkout-start': PayfectCheckoutStartEvent;
  'payfect-checkout-redirect': PayfectCheckoutRedirectEvent;
  'payfect-checkout-error': PayfectCheckoutErrorEvent;
}

/** The status element's events, by name. */
export interface PayfectCheckoutStatusEventMap {
  'payfect-checkout-status': PayfectCheckoutStatusEvent;
}

/** An element's own settable properties (not LitElement's, not methods, not the read-only `state`). */
type OwnProperties<E extends LitElement> = {
  [K in Exclude<keyof E, keyof LitElement | 'state'> as E[K] extends (...args: never[]) => unknown ? never : K]?: E[K];
};

type KebabCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${KebabCase<Tail>}`
  : S;
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;
type AttributeValue<T> = T extends boolean ? boolean : T extends number ? number | string : string;

/** The attributes, as markup writes them (`product-id`); every reactive property has one, named in kebab case. */
type AttributesOf<P> = {
  [K in Exclude<keyof P, 'fetch'> & string as KebabCase<K>]?: AttributeValue<NonNullable<P[K]>>;
};

/** React 19 passes an `on<event-name>` prop to a custom element as a listener for that exact event name. */
type ReactEventsOf<M> = { [K in keyof M & string as `on${K}`]?: (event: M[K]) => void };

/** Vue compiles `@payfect-checkout-error` to an `onPayfectCheckoutError` prop. */
type VueEventsOf<M> = { [K in keyof M & string as `on${Capitalize<CamelCase<K>>}`]?: (event: M[K]) => void };

/**
 * The HTML props React users write on any element. React's own types are not named (this file must
 * compile for users without React), so `style` is any style object and `children` any node.
 */
interface ReactHtmlPropsOf<E>
  extends Partial<Pick<HTMLElement, 'id' | 'className' | 'title' | 'hidden' | 'slot' | 'lang' | 'dir' | 'tabIndex'>> {
  style?: object;
  children?: unknown;
  key?: string | number | bigint | null;
  ref?: ((element: E | null) => void | (() => void)) | { current: E | null } | null;
  /** For server-rendered markup: the status element reflects its `state` as soon as it knows it, maybe before hydration. */
  suppressHydrationWarning?: boolean;
}

/** The button's own settable properties. */
export type PayfectCheckoutButtonProperties = OwnProperties<PayfectCheckoutButton>;
/** The button's attributes, as markup writes them. */
export type PayfectCheckoutButtonAttributes = AttributesOf<PayfectCheckoutButtonProperties>;
export type PayfectCheckoutButtonReactEvents = ReactEventsOf<PayfectCheckoutButtonEventMap>;
export type PayfectCheckoutButtonVueEvents = VueEventsOf<PayfectCheckoutButtonEventMap>;
export type PayfectCheckoutButtonReactHtmlProps = ReactHtmlPropsOf<PayfectCheckoutButton>;

/** The status element's own settable properties. */
export type PayfectCheckoutStatusProperties = OwnProperties<PayfectCheckoutStatus>;
/** The status element's attributes, as markup writes them (`checkout-id`). */
export type PayfectCheckoutStatusAttributes = AttributesOf<PayfectCheckoutStatusProperties>;
export type PayfectCheckoutStatusReactEvents = ReactEventsOf<PayfectCheckoutStatusEventMap>;
export type PayfectCheckoutStatusVueEvents = VueEventsOf<PayfectCheckoutStatusEventMap>;
export type PayfectCheckoutStatusReactHtmlProps = ReactHtmlPropsOf<PayfectCheckoutStatus>;

declare global {
  interface HTMLElementTagNameMap {
    'payfect-checkout-button': PayfectCheckoutButton;
    'payfect-checkout-status': PayfectCheckoutStatus;
  }
  interface HTMLElementEventMap extends PayfectCheckoutButtonEventMap, PayfectCheckoutStatusEventMap {}
}

// @ts-ignore TS2664 where a program has no React (or, under `types: [...]`, has not loaded it); a no-op then.
declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'payfect-checkout-button': PayfectCheckoutButtonAttributes &
        PayfectCheckoutButtonProperties &
        PayfectCheckoutButtonReactEvents &
        PayfectCheckoutButtonReactHtmlProps;
      'payfect-checkout-status': PayfectCheckoutStatusAttributes &
        PayfectCheckoutStatusProperties &
        PayfectCheckoutStatusReactEvents &
        PayfectCheckoutStatusReactHtmlProps;
    }
  }
}

// @ts-ignore TS2664: vue is not installed here. In a consumer's .d.ts an absent vue makes this block a no-op.
declare module 'vue' {
  interface GlobalComponents {
    'payfect-checkout-button': new () => {
      $props: PayfectCheckoutButtonAttributes & PayfectCheckoutButtonProperties & PayfectCheckoutButtonVueEvents;
    };
    'payfect-checkout-status': new () => {
      $props: PayfectCheckoutStatusAttributes & PayfectCheckoutStatusProperties & PayfectCheckoutStatusVueEvents;
    };
  }
}
