// React 18: React sets only attributes on custom elements, so use the wrapper from payfect-checkout/react.
import { useState } from 'react';
import { PayfectCheckoutButton } from 'payfect-checkout/react';

export function App() {
  const [quantity, setQuantity] = useState(1);
  const [problem, setProblem] = useState('');
  return (
    <>
      <label>
        Quantity{' '}
        <input type="number" min={1} value={quantity} onChange={(event) => setQuantity(event.target.valueAsNumber)} />
      </label>
      <PayfectCheckoutButton
        endpoint="/api/checkout"
        productId="tshirt"
        amount="20.50"
        quantity={quantity}
        onPayfectCheckoutStart={(event) => console.log('sending', event.detail.request)}
        onPayfectCheckoutError={(event) => setProblem(`${event.detail.code}: ${event.detail.message}`)}
      />
      {problem && <p>{problem}</p>}
    </>
  );
}
