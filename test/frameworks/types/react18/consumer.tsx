// React 18: the @lit/react wrapper from payfect-checkout/react, with typed properties and event props.
import { useRef } from 'react';
import type {
  PayfectCheckoutButton as PayfectCheckoutButtonElement,
  PayfectCheckoutStatus as PayfectCheckoutStatusElement,
} from 'payfect-checkout';
import { PayfectCheckoutButton, PayfectCheckoutStatus } from 'payfect-checkout/react';

export function Consumer() {
  const ref = useRef<PayfectCheckoutButtonElement>(null);
  const statusRef = useRef<PayfectCheckoutStatusElement>(null);
  return (
    <div>
      <PayfectCheckoutButton
        ref={ref}
        className="pay"
        style={{ width: '100%' }}
        endpoint="/api/checkout"
        productId="tshirt"
        amount="20.50"
        quantity={2}
        fetch={(input, init) => fetch(input, init)}
        onPayfectCheckoutStart={(event) => event.detail.request.currency}
        onPayfectCheckoutRedirect={(event) => event.preventDefault()}
        onPayfectCheckoutError={(event) => {
          const code: string = event.detail.code;
          return code;
        }}
      >
        Buy now
      </PayfectCheckoutButton>
      {/* @ts-expect-error quantity is a number property */}
      <PayfectCheckoutButton quantity="two" />
      {/* @ts-expect-error the error event is not a number */}
      <PayfectCheckoutButton onPayfectCheckoutError={(event: number) => event} />
      {/* @ts-expect-error the redirect event carries the checkout, not the request */}
      <PayfectCheckoutButton onPayfectCheckoutRedirect={(event) => event.detail.request} />
      {/* @ts-expect-error a misspelt property */}
      <PayfectCheckoutButton prodcutId="tshirt" />

      <PayfectCheckoutStatus
        ref={statusRef}
        endpoint="/api/checkout-status"
        checkoutId="chk_1"
        timeout={60000}
        onPayfectCheckoutStatus={(event) => {
          const state: 'waiting' | 'confirmed' | 'expired' | 'unknown' | 'error' = event.detail.state;
          return [state, event.detail.id, event.detail.fulfilled];
        }}
      >
        <span slot="confirmed">Thank you!</span>
      </PayfectCheckoutStatus>
      {/* @ts-expect-error timeout is a number property */}
      <PayfectCheckoutStatus timeout="60000" />
      {/* @ts-expect-error the status event is not a number */}
      <PayfectCheckoutStatus onPayfectCheckoutStatus={(event: number) => event} />
      {/* @ts-expect-error the status event carries no checkout */}
      <PayfectCheckoutStatus onPayfectCheckoutStatus={(event) => event.detail.checkout} />
      {/* @ts-expect-error the ref is to the status element, not the button */}
      <PayfectCheckoutStatus ref={ref} />
    </div>
  );
}
