import 'payfect-checkout';

export function Success() {
  return (
    <main>
      <h1>Thank you</h1>
      {/* Says "confirmed" only once the server's onCompleted has run for this checkout, never because of this URL. */}
      <payfect-checkout-status endpoint="/api/checkout-status">
        <span slot="confirmed">Payment confirmed: your order is on its way.</span>
      </payfect-checkout-status>
    </main>
  );
}
