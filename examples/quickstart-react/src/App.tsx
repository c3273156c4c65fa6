// Importing the package registers its elements and types them: in React 19, camelCase props are set as properties.
import 'payfect-checkout';

export function App() {
  return (
    <main>
      <h1>Standard Plan</h1>
      {/* checkoutHosts: the emulator's hosted page. Remove it for the real Payfect (payfect.finance is the default). */}
      <payfect-checkout-button productId="standard-plan" amount="20.50" checkoutHosts="127.0.0.1:4010" />
    </main>
  );
}
