// The page rendered by react-dom/server, then hydrated in Chromium by ssr-hydrate.tsx.
import { useEffect } from 'react';
import 'payfect-checkout';

export function App({ onHydrated }: { onHydrated?: () => void }) {
  useEffect(() => onHydrated?.(), [onHydrated]);
  return (
    <main>
      <h1>T-shirt</h1>
      <payfect-checkout-button endpoint="/api/checkout" product-id="tshirt" amount="20.50" quantity={2} />
      {/* Server HTML carries attributes only: kebab-case here, so the server-rendered element has its id.
          It reflects its state as soon as it knows it, maybe before React hydrates: React must not mind. */}
      <payfect-checkout-status checkout-id="chk_1" suppressHydrationWarning>
        <span slot="confirmed">Thank you!</span>
      </payfect-checkout-status>
    </main>
  );
}
