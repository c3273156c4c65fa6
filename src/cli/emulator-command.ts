import { startEmulator } from '../emulator/index.js';
import { checkFernetKey } from '../shared/fernet.js';
import { CliError, wholeNumber, type Running } from './cli-error.js';

export interface EmulatorArguments {
  port?: string;
  host?: string;
  'api-key'?: string[];
  'expires-in'?: string;
  merchant?: string;
  'signing-key'?: string;
}

/** `payfect-checkout emulator`: the offline Payfect over HTTP. */
export async function runEmulator(values: EmulatorArguments, log: (line: string) => void): Promise<Running> {
  const apiKeys = values['api-key'];
  const signingKey = values['signing-key'];
  if (signingKey !== undefined) {
    await checkFernetKey(signingKey).catch((error: unknown) => {
      throw new CliError(`--signing-key: ${(error as Error).message}`, 2);
    });
  }
  const running = await startEmulator({
    port: wholeNumber(values.port, '--port', 4010, 65535),
    host: values.host ?? '127.0.0.1',
    expiresInMs: wholeNumber(values['expires-in'], '--expires-in', 1800) * 1000,
    ...(apiKeys ? { apiKeys } : {}),
    ...(values.merchant ? { merchant: { name: values.merchant } } : {}),
    ...(signingKey === undefined ? {} : { signingKey }),
  });
  log(
    `Payfect emulator listening on ${running.url}\n` +
      `  API base URL: ${running.url}/api/v1\n` +
      `  API key: ${apiKeys ? apiKeys.join(', ') : 'any non-empty key'}\n` +
      `  Callback signing key (Fernet): ${running.emulator.signingKey}`,
  );
  return running;
}
