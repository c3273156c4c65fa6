// Importing the package registers both elements and types their props: camelCase props are properties in React 19.
import 'payfect-checkout';

export function App() {
  // The server sends the buyer back to /success or /cancel (its successUrl and cancelUrl).
  if (location.pathname === '/success') {
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
  if (location.pathname === '/cancel') {
    return <main><h1>Payment cancelled</h1><p>Nothing was charged. <a href="/">Back to the shop</a></p></main>;
  }
  return (
    <main>
      <h1>Standard Plan</h1>
      {/* checkoutHosts: the emulator's hosted page. Remove it for the real Payfect (payfect.finance is the default). */}
      <payfect-checkout-button productId="standard-plan" amount="20.50" checkoutHosts="127.0.0.1:4010" />
    </main>
  );
}
