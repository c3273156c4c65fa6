// React 18: the page Payfect returns the buyer to (success_url), with the wrapper from payfect-checkout/react.
// It says "confirmed" only once the server's onCompleted has run for the checkout this tab went to pay.
import { useState } from 'react';
import { PayfectCheckoutStatus } from 'payfect-checkout/react';

export function Thanks() {
  const [confirmed, setConfirmed] = useState(false);
  return (
    <main>
      <h1>Thank you</h1>
      <PayfectCheckoutStatus
        endpoint="/api/checkout-status"
        onPayfectCheckoutStatus={(event) => setConfirmed(event.detail.state == 'confirmed')}
      >
        <span slot="confirmed">Payment confirmed. Your order is on its way.</span>
      </PayfectCheckoutStatus>
      {confirmed && <a href="/orders">See your order</a>}
    </main>
  );
}
