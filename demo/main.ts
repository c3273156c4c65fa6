// Every demo page loads the element from source; Vite serves ../src from the repository.
import '../src/index.js';
import type { PayfectCheckoutRedirectEvent } from '../src/index.js';

// The success page asks the shop's server about this checkout; Payfect adds nothing to success_url, so the tab remembers it.
document.addEventListener('payfect-checkout-redirect', (event) => {
  sessionStorage.setItem('payfect-demo-checkout', (event as PayfectCheckoutRedirectEvent).detail.checkout.id);
});
