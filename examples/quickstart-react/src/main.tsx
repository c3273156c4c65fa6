import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { Success } from './Success';

function Cancelled() {
  return <main><h1>Payment cancelled</h1><p>Nothing was charged. <a href="/">Back to the shop</a></p></main>;
}

// The server sends the buyer back to /success or /cancel (its successUrl and cancelUrl).
const Page = location.pathname === '/success' ? Success : location.pathname === '/cancel' ? Cancelled : App;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Page />
  </StrictMode>,
);
