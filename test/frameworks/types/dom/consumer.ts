// Plain DOM: createElement, querySelector and addEventListener know the element and its events.
import { PayfectCheckoutErrorEvent, type PayfectCheckoutButtonAttributes, type PayfectCheckoutButtonEventMap } from 'payfect-checkout';

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
export { markup, wrong };
