// React 19 reads React.JSX.IntrinsicElements: props, events and ref of <payfect-checkout-button> and
// <payfect-checkout-status>. TypeScript lets any hyphenated JSX attribute through (`prodcut-id`), so
// the camelCase properties are the ones it checks.
import { useRef } from 'react';
import type { PayfectCheckoutButton, PayfectCheckoutStatus, PayfectCheckoutStatusDetail } from 'payfect-checkout';

export function Consumer() {
  const ref = useRef<PayfectCheckoutButton>(null);
  const statusRef = useRef<PayfectCheckoutStatus>(null);
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

      {/* The properties in camelCase, as React 19 sets them: every one is checked. */}
      <payfect-checkout-button productId="tshirt" checkoutHosts="payfect.finance" clientReferenceId="order-1" successUrl="/thanks" />
      {/* @ts-expect-error a misspelt property */}
      <payfect-checkout-button prodcutId="tshirt" />
      {/* @ts-expect-error a misspelt property */}
      <payfect-checkout-button checkoutHost="payfect.finance" />
      {/* @ts-expect-error productId is a string */}
      <payfect-checkout-button productId={42} />

      <payfect-checkout-status
        ref={statusRef}
        endpoint="/api/checkout-status"
        checkout-id="chk_1"
        checkoutId="chk_1"
        timeout={60000}
        suppressHydrationWarning
        fetch={(input, init) => fetch(input, init)}
        onpayfect-checkout-status={(event) => {
          const detail: PayfectCheckoutStatusDetail = event.detail;
          const confirmed: boolean = detail.state == 'confirmed' && detail.fulfilled;
          return [detail.id, detail.status, confirmed];
        }}
      >
        <span slot="confirmed">Thank you!</span>
      </payfect-checkout-status>
      {/* @ts-expect-error a misspelt property */}
      <payfect-checkout-status checkoutID="chk_1" />
      {/* @ts-expect-error timeout is a number of milliseconds or a numeric string */}
      <payfect-checkout-status timeout={{}} />
      {/* @ts-expect-error state is read-only, reflected by the element */}
      <payfect-checkout-status state="confirmed" />
      {/* @ts-expect-error the status event carries no request */}
      <payfect-checkout-status onpayfect-checkout-status={(event) => event.detail.request} />
      {/* @ts-expect-error there is no such state */}
      <payfect-checkout-status onpayfect-checkout-status={(event) => event.detail.state == 'paid'} />
      {/* @ts-expect-error the ref is to the status element, not the button */}
      <payfect-checkout-status ref={ref} />
    </div>
  );
}
