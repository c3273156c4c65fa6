// Browser tests for <payfect-checkout-button>: real headless Chromium, TypeScript sources
// served through esbuild (nodenext `.js` specifiers resolve to the `.ts` files).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { findChromium } from './test/support/chromium.js';

const { executablePath, args } = await findChromium();

export default {
  files: ['test/element/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  hostname: '127.0.0.1',
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  browsers: [chromeLauncher({ launchOptions: { executablePath, args, headless: true } })],
  testFramework: { config: { timeout: 5000 } },
  // Lit's dev build stays on for its warnings; only the "dev mode" banner is silenced.
  testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="en">
  <body>
    <script>window.litIssuedWarnings = new Set(['dev-mode']);</script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
};
