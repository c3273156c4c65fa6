// React 19 uses the elements directly: props named like properties (productId) set properties, as the
// typings ask for, and on<event-name> props add listeners.
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import 'payfect-checkout';
import { expose, initialState, onError, onRedirect, onStart, onStatus, returnedCheckout, type PageState } from './harness.js';

let update: (state: Partial<PageState>) => void = () => {};

function App() {
  const [state, setState] = useState(initialState);
  update = (next) => setState((old) => ({ ...old, ...next }));
  // Fresh handler closures on each render: React must swap listeners, not stack them.
  return (
    <>
      <payfect-checkout-button
        endpoint={state.endpoint}
        productId={state.productId}
        quantity={state.quantity}
        onpayfect-checkout-start={(event) => onStart(event)}
        onpayfect-checkout-redirect={(event) => onRedirect(event)}
        onpayfect-checkout-error={(event) => onError(event)}
      />
      <payfect-checkout-status checkoutId={returnedCheckout} onpayfect-checkout-status={(event) => onStatus(event)}>
        <span slot="confirmed">Thank you!</span>
      </payfect-checkout-status>
    </>
  );
}

const root = createRoot(document.getElementById('root')!);
flushSync(() => root.render(<App />));
expose({
  set: async (state) => flushSync(() => update(state)),
  unmount: () => root.unmount(),
});
