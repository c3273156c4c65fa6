// React 19: use the element itself. Importing the package registers it and types its props and events.
import { useState } from 'react';
import 'payfect-checkout';

export function App() {
  const [quantity, setQuantity] = useState(1);
  const [problem, setProblem] = useState('');
  return (
    <>
      <label>
        Quantity{' '}
        <input type="number" min={1} value={quantity} onChange={(event) => setQuantity(event.target.valueAsNumber)} />
      </label>
      <payfect-checkout-button
        endpoint="/api/checkout"
        product-id="tshirt"
        amount="20.50"
        quantity={quantity}
        onpayfect-checkout-start={(event) => console.log('sending', event.detail.request)}
        onpayfect-checkout-error={(event) => setProblem(`${event.detail.code}: ${event.detail.message}`)}
      />
      {problem && <p>{problem}</p>}
    </>
  );
}
