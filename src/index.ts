// The package root: the element classes, their events and typings, and the registration side effect.
export * from './element/payfect-checkout-button.js';
export * from './element/payfect-checkout-status.js';
export * from './element/events.js';
export { registerMessages, type Messages } from './element/messages.js';
import './element/define.js';
export type {
  PayfectCheckoutButtonAttributes,
  PayfectCheckoutButtonEventMap,
  PayfectCheckoutButtonProperties,
  PayfectCheckoutStatusAttributes,
  PayfectCheckoutStatusEventMap,
  PayfectCheckoutStatusProperties,
} from './element/define.js';
