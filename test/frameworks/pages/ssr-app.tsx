// The page rendered by react-dom/server, then hydrated in Chromium by ssr-hydrate.tsx.
import { useEffect } from 'react';
import 'payfect-checkout';

export function App({ onHydrated }: { onHydrated?: () => void }) {
  useEffect(() => onHydrated?.(), [onHydrated]);
  return (
    <main>
      <h1>T-shirt</h1>
      <payfect-checkout-button endpoint="/api/checkout" product-id="tshirt" amount="20.50" quantity={2} />
    </main>
  );
}
