// Finds a Chromium for the browser tests, e2e runs and benchmarks, with no download:
// CHROME_PATH, then a system Chromium, then the binary shipped inside @sparticuz/chromium.
import { existsSync } from 'node:fs';

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

// Web security stays on, so CORS and mixed content behave as they do for buyers.
// The rest keeps Chromium off a network this machine does not have.
const COMMON_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

let resolved;

/** @returns {Promise<{ executablePath: string, args: string[], source: string }>} */
export async function findChromium() {
  resolved ??= locate();
  return resolved;
}

async function locate() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH points at ${fromEnv}, which does not exist`);
    return { executablePath: fromEnv, args: [...COMMON_ARGS], source: 'CHROME_PATH' };
  }
  const system = SYSTEM_PATHS.find((path) => existsSync(path));
  if (system) return { executablePath: system, args: [...COMMON_ARGS], source: 'system' };
  const { default: packaged } = await import('@sparticuz/chromium');
  // Its own argument list is built for AWS Lambda and turns web security off, so only its rendering flags are kept.
  const executablePath = await packaged.executablePath();
  return {
    executablePath,
    args: [...COMMON_ARGS, '--use-gl=angle', '--use-angle=swiftshader', '--no-zygote', '--font-render-hinting=none'],
    source: '@sparticuz/chromium',
  };
}
