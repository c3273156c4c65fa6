import { hydrateRoot } from 'react-dom/client';
import { App } from './ssr-app.js';

// Resolves when the hydrated tree has committed (effects run only then).
(window as unknown as { hydrated: Promise<void> }).hydrated = new Promise<void>((resolve) => {
  hydrateRoot(document.getElementById('root')!, <App onHydrated={resolve} />, {
    onRecoverableError: (error) => console.error('recoverable error:', error),
  });
});
