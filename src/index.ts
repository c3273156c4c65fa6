// The package root: the element class, its events and typings, and the registration side effect.
export * from './element/payfect-checkout-button.js';
export * from './element/events.js';
export { registerMessages, type Messages } from './element/messages.js';
import './element/define.js';
export type {
  PayfectCheckoutButtonAttributes,
  PayfectCheckoutButtonEventMap,
  PayfectCheckoutButtonProperties,
} from './element/define.js';
