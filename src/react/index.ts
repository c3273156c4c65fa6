// React 18 sets every prop as an attribute and has no custom-event props; @lit/react's wrapper sets
// properties and adds listeners. React 19 needs no wrapper: it uses the elements directly.
import React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { PayfectCheckoutButton as PayfectCheckoutButtonElement } from '../element/payfect-checkout-button.js';
import {
  PayfectCheckoutStatus as PayfectCheckoutStatusElement,
  type PayfectCheckoutStatusEvent,
} from '../element/payfect-checkout-status.js';
import type {
  PayfectCheckoutErrorEvent,
  PayfectCheckoutRedirectEvent,
  PayfectCheckoutStartEvent,
} from '../element/events.js';
import '../element/define.js';

/** `<payfect-checkout-button>` as a React component, with `onPayfectCheckoutStart`/`Redirect`/`Error` props. */
export const PayfectCheckoutButton = createComponent({
  tagName: 'payfect-checkout-button',
  elementClass: PayfectCheckoutButtonElement,
  react: React,
  events: {
    onPayfectCheckoutStart: 'payfect-checkout-start' as EventName<PayfectCheckoutStartEvent>,
    onPayfectCheckoutRedirect: 'payfect-checkout-redirect' as EventName<PayfectCheckoutRedirectEvent>,
    onPayfectCheckoutError: 'payfect-checkout-error' as EventName<PayfectCheckoutErrorEvent>,
  },
  displayName: 'PayfectCheckoutButton',
});

/** `<payfect-checkout-status>` as a React component, with an `onPayfectCheckoutStatus` prop. */
export const PayfectCheckoutStatus = createComponent({
  tagName: 'payfect-checkout-status',
  elementClass: PayfectCheckoutStatusElement,
  react: React,
  events: {
    onPayfectCheckoutStatus: 'payfect-checkout-status' as EventName<PayfectCheckoutStatusEvent>,
  },
  displayName: 'PayfectCheckoutStatus',
});
