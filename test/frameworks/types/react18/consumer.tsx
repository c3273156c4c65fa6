// React 18: the @lit/react wrapper from payfect-checkout/react, with typed properties and event props.
import { useRef } from 'react';
import type { PayfectCheckoutButton as PayfectCheckoutButtonElement } from 'payfect-checkout';
import { PayfectCheckoutButton } from 'payfect-checkout/react';

export function Consumer() {
  const ref = useRef<PayfectCheckoutButtonElement>(null);
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
    </div>
  );
}
