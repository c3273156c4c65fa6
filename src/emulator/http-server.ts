import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { checkOptionNames } from '../shared/option-names.js';
import { createEmulator, type Emulator, type EmulatorOptions } from './emulator.js';
import { EmulatorOptionsSchema } from './emulator-options.js';

export interface StartEmulatorOptions extends EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1, so the emulator is never reachable from another machine by accident. */
  host?: string;
}

export interface RunningEmulator {
  /** The base URL, such as `http://127.0.0.1:4010`; the API is at `${url}/api/v1`. */
  url: string;
  port: number;
  emulator: Emulator;
  close(): Promise<void>;
}

/** Serves `createEmulator(options).fetch` over HTTP; rejects on a bad option, such as a `signingKey` that is not a Fernet key. */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  checkOptionNames(options, [...Object.keys(EmulatorOptionsSchema.shape), 'port', 'host'], 'startEmulator');
  const { port = 0, host = '127.0.0.1', ...emulatorOptions } = options;
  const emulator = createEmulator(emulatorOptions);
  return new Promise((resolve, reject) => {
    const server = serve(
      // Leaves Node's own Request and Response in place for everything else in the process.
      { fetch: (request) => emulator.fetch(request), port, hostname: host, overrideGlobalObjects: false },
      (info: AddressInfo) => {
        server.off('error', reject);
        const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${shownHost}:${info.port}`,
          port: info.port,
          emulator,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((error) => (error ? fail(error) : done()));
              if ('closeAllConnections' in server) server.closeAllConnections();
            }),
        });
      },
    );
    server.once('error', reject);
  });
}
