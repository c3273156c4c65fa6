import { PayfectCheckoutButton } from './payfect-checkout-button.js';
import type { LitElement } from 'lit';
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

// The typings below are derived from the class and this event map, so a new property or event
// reaches every framework's types at once. None of them names a framework type: the React and
// Vue blocks are dropped by TypeScript when that framework is not installed.

/** The element's events, by name. */
export interface PayfectCheckoutButtonEventMap {
  'payfect-checkout-start': PayfectCheckoutStartEvent;
  'payfect-checkout-redirect': PayfectCheckoutRedirectEvent;
  'payfect-checkout-error': PayfectCheckoutErrorEvent;
}

/** The element's own settable properties (not LitElement's, not methods, not the read-only `state`). */
export type PayfectCheckoutButtonProperties = {
  [K in Exclude<keyof PayfectCheckoutButton, keyof LitElement | 'state'> as PayfectCheckoutButton[K] extends (
    ...args: never[]
  ) => unknown
    ? never
    : K]?: PayfectCheckoutButton[K];
};

type KebabCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${KebabCase<Tail>}`
  : S;
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;
type AttributeValue<T> = T extends boolean ? boolean : T extends number ? number | string : string;

/** The attributes, as markup writes them (`product-id`); every reactive property has one, named in kebab case. */
export type PayfectCheckoutButtonAttributes = {
  [K in Exclude<keyof PayfectCheckoutButtonProperties, 'fetch'> as KebabCase<K>]?: AttributeValue<NonNullable<PayfectCheckoutButtonProperties[K]>>;
};

/** React 19 passes an `on<event-name>` prop to a custom element as a listener for that exact event name. */
export type PayfectCheckoutButtonReactEvents = {
  [K in keyof PayfectCheckoutButtonEventMap as `on${K}`]?: (event: PayfectCheckoutButtonEventMap[K]) => void;
};

/** Vue compiles `@payfect-checkout-error` to an `onPayfectCheckoutError` prop. */
export type PayfectCheckoutButtonVueEvents = {
  [K in keyof PayfectCheckoutButtonEventMap as `on${Capitalize<CamelCase<K>>}`]?: (
    event: PayfectCheckoutButtonEventMap[K],
  ) => void;
};

declare global {
  interface HTMLElementTagNameMap {
    'payfect-checkout-button': PayfectCheckoutButton;
  }
  interface HTMLElementEventMap extends PayfectCheckoutButtonEventMap {}
}

/**
 * The HTML props React users write on any element. React's own types are not named (this file must
 * compile for users without React), so `style` is any style object and `children` any node.
 */
export interface PayfectCheckoutButtonReactHtmlProps
  extends Partial<Pick<HTMLElement, 'id' | 'className' | 'title' | 'hidden' | 'slot' | 'lang' | 'dir' | 'tabIndex'>> {
  style?: object;
  children?: unknown;
  key?: string | number | bigint | null;
  ref?: ((element: PayfectCheckoutButton | null) => void | (() => void)) | { current: PayfectCheckoutButton | null } | null;
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
    }
  }
}

// @ts-ignore TS2664: vue is not installed here. In a consumer's .d.ts an absent vue makes this block a no-op.
declare module 'vue' {
  interface GlobalComponents {
    'payfect-checkout-button': new () => {
      $props: PayfectCheckoutButtonAttributes & PayfectCheckoutButtonProperties & PayfectCheckoutButtonVueEvents;
    };
  }
}
