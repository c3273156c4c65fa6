// Plain DOM: createElement, querySelector and addEventListener know the element and its events.
import {
  PayfectCheckoutErrorEvent,
  PayfectCheckoutStatusEvent,
  type PayfectCheckoutButtonAttributes,
  type PayfectCheckoutButtonEventMap,
  type PayfectCheckoutStatusAttributes,
} from 'payfect-checkout';

const button = document.createElement('payfect-checkout-button');
button.amount = '20.50';
button.quantity = 2;
button.addEventListener('payfect-checkout-start', (event) => console.log(event.detail.request.currency));
button.addEventListener('payfect-checkout-redirect', (event) => event.preventDefault());
button.addEventListener('payfect-checkout-error', (event) => {
  const error: PayfectCheckoutErrorEvent = event;
  const code: string = event.detail.code;
  return [error, code];
});
document.querySelector('payfect-checkout-button')?.checkout();

// @ts-expect-error quantity is a number
button.quantity = 'two';
// @ts-expect-error the start event carries the request, not a checkout
button.addEventListener('payfect-checkout-start', (event) => event.detail.checkout);
// @ts-expect-error the error event's code is a string
button.addEventListener('payfect-checkout-error', (event) => event.detail.code.toFixed());

// The exported maps type helpers of one's own.
const listen = <K extends keyof PayfectCheckoutButtonEventMap>(type: K, listener: (event: PayfectCheckoutButtonEventMap[K]) => void) =>
  button.addEventListener(type, listener);
listen('payfect-checkout-redirect', (event) => event.detail.checkout.url);
const markup: PayfectCheckoutButtonAttributes = { 'product-id': 'tshirt', quantity: '2', 'checkout-hosts': 'payfect.finance' };
// @ts-expect-error not an attribute
const wrong: PayfectCheckoutButtonAttributes = { productid: 'tshirt' };

const status = document.createElement('payfect-checkout-status');
status.checkoutId = 'chk_1';
status.timeout = 60000;
const state: 'waiting' | 'confirmed' | 'expired' | 'unknown' | 'error' = status.state;
status.addEventListener('payfect-checkout-status', (event) => {
  const typed: PayfectCheckoutStatusEvent = event;
  return [typed.detail.id, typed.detail.status, typed.detail.fulfilled];
});
document.querySelector('payfect-checkout-status')?.addEventListener('payfect-checkout-status', (event) => event.detail.state);
// @ts-expect-error timeout is a number
status.timeout = '60000';
// @ts-expect-error the status event carries no checkout
status.addEventListener('payfect-checkout-status', (event) => event.detail.checkout);
const statusMarkup: PayfectCheckoutStatusAttributes = { 'checkout-id': 'chk_1', endpoint: '/api/checkout-status', timeout: '60000' };
// @ts-expect-error not an attribute (checkout-id)
const statusWrong: PayfectCheckoutStatusAttributes = { checkoutid: 'chk_1' };

export { markup, wrong, state, statusMarkup, statusWrong };
