// Every runtime docs/server.md names runs that page's own snippet (examples/) as a real server, with the emulator over
// HTTP as Payfect, and passes every check in checks.ts through real HTTP.
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { CHECKS, type CheckContext } from './checks.js';
import { RUNTIMES } from './runtimes.js';
import { installRuntimes, linkPackage } from './setup.js';

installRuntimes();
linkPackage();

for (const runtime of RUNTIMES) {
  describe(runtime.name, () => {
    const apiKey = `matrix-${randomUUID()}`;
    let payfect: RunningEmulator;
    let context: CheckContext;

    before(async () => {
      payfect = await startEmulator({ apiKeys: [apiKey] });
      const server = await runtime.start({
        PAYFECT_API_KEY: apiKey,
        PAYFECT_BASE_URL: `${payfect.url}/api/v1`,
        PAYFECT_SIGNING_KEY: payfect.emulator.signingKey,
      });
      context = { runtime, server, payfect, apiKey, answers: [] };
    });

    after(async () => {
      await context?.server.stop();
      await payfect?.close();
    });

    for (const check of CHECKS) {
      it(check.name, async () => {
        try {
          await check.run(context);
        } catch (error) {
          // What the server printed is the first thing to read when a runtime fails a check.
          (error as Error).message += `\n--- ${runtime.name} printed:\n${context.server.output()}`;
          throw error;
        }
      });
    }
  });
}
