// React 19 reads React.JSX.IntrinsicElements: props, events and ref of <payfect-checkout-button>.
import { useRef } from 'react';
import type { PayfectCheckoutButton } from 'payfect-checkout';

export function Consumer() {
  const ref = useRef<PayfectCheckoutButton>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <div>
      <payfect-checkout-button
        ref={ref}
        key="buy"
        id="buy"
        className="pay"
        style={{ width: '100%' }}
        endpoint="/api/checkout"
        product-id="tshirt"
        productId="tshirt"
        amount="20.50"
        quantity={2}
        timeout={5000}
        checkout-hosts="payfect.finance"
        disabled={false}
        data-test="x"
        aria-label="Pay"
        fetch={(input, init) => fetch(input, init)}
        onpayfect-checkout-start={(event) => event.detail.request.currency}
        onpayfect-checkout-redirect={(event) => {
          const url: string = event.detail.checkout.url;
          if (url) event.preventDefault();
        }}
        onpayfect-checkout-error={(event) => {
          const code: string = event.detail.code;
          const status: number | undefined = event.detail.status;
          return [code, status];
        }}
      >
        Buy now
      </payfect-checkout-button>
      {/* @ts-expect-error quantity is a number or a numeric string, not an object */}
      <payfect-checkout-button quantity={{}} />
      {/* @ts-expect-error the error event is not a number */}
      <payfect-checkout-button onpayfect-checkout-error={(event: number) => event} />
      {/* @ts-expect-error the start event carries the request, not a checkout */}
      <payfect-checkout-button onpayfect-checkout-start={(event) => event.detail.checkout} />
      {/* @ts-expect-error a misspelt attribute */}
      <payfect-checkout-button amout="20.50" />
      {/* @ts-expect-error state is read-only, reflected by the element */}
      <payfect-checkout-button state="idle" />
      {/* @ts-expect-error the ref is to the element, not an input */}
      <payfect-checkout-button ref={inputRef} />
      {/* @ts-expect-error a misspelt tag */}
      <payfect-checkout-buton />
    </div>
  );
}
