// React 18 with the payfect-checkout/react wrapper (built with @lit/react).
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { PayfectCheckoutButton, PayfectCheckoutStatus } from 'payfect-checkout/react';
import { expose, initialState, onError, onRedirect, onStart, onStatus, returnedCheckout, type PageState } from './harness.js';

let update: (state: Partial<PageState>) => void = () => {};

function App() {
  const [state, setState] = useState(initialState);
  update = (next) => setState((old) => ({ ...old, ...next }));
  return (
    <>
      <PayfectCheckoutButton
        endpoint={state.endpoint}
        productId={state.productId}
        quantity={state.quantity}
        onPayfectCheckoutStart={(event) => onStart(event)}
        onPayfectCheckoutRedirect={(event) => onRedirect(event)}
        onPayfectCheckoutError={(event) => onError(event)}
      />
      <PayfectCheckoutStatus checkoutId={returnedCheckout} onPayfectCheckoutStatus={(event) => onStatus(event)}>
        <span slot="confirmed">Thank you!</span>
      </PayfectCheckoutStatus>
    </>
  );
}

const root = createRoot(document.getElementById('root')!);
flushSync(() => root.render(<App />));
expose({
  set: async (state) => flushSync(() => update(state)),
  unmount: () => root.unmount(),
});
