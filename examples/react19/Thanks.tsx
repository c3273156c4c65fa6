// React 19: the page Payfect returns the buyer to (success_url). It says "confirmed" only once the
// server's onCompleted has run for the checkout this tab went to pay.
import { useState } from 'react';
import 'payfect-checkout';

export function Thanks() {
  const [confirmed, setConfirmed] = useState(false);
  return (
    <main>
      <h1>Thank you</h1>
      <payfect-checkout-status
        endpoint="/api/checkout-status"
        onpayfect-checkout-status={(event) => setConfirmed(event.detail.state == 'confirmed')}
      >
        <span slot="confirmed">Payment confirmed. Your order is on its way.</span>
      </payfect-checkout-status>
      {confirmed && <a href="/orders">See your order</a>}
    </main>
  );
}
