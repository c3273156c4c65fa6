import { hydrateRoot } from 'react-dom/client';
import { App } from './ssr-app.js';

// Hydrate after the element has upgraded and rendered, as when its script tag loads first:
// whatever the element changes on upgrade is then in the DOM that React compares.
const element = document.querySelector('payfect-checkout-button')!;
await customElements.whenDefined('payfect-checkout-button');
await (element as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete;

// Resolves when the hydrated tree has committed (effects run only then).
(window as unknown as { hydrated: Promise<void> }).hydrated = new Promise<void>((resolve) => {
  hydrateRoot(document.getElementById('root')!, <App onHydrated={resolve} />, {
    onRecoverableError: (error) => console.error('recoverable error:', error),
  });
});
