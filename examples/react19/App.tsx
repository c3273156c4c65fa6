// React 19: use the element itself. Importing the package registers it (before the first render, so
// React 19 sets these camelCase props as properties) and types its props and events: TypeScript checks
// `productId`, where it would let a misspelt `prodcut-id` through.
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
        productId="tshirt"
        amount="20.50"
        quantity={quantity}
        onpayfect-checkout-start={(event) => console.log('sending', event.detail.request)}
        onpayfect-checkout-error={(event) => setProblem(`${event.detail.code}: ${event.detail.message}`)}
      />
      {problem && <p>{problem}</p>}
    </>
  );
}
