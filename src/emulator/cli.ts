#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { checkFernetKey } from '../shared/fernet.js';
import { startEmulator } from './http-server.js';

const USAGE = `Usage: payfect-checkout <command> [options]

Commands:
  emulator            Run the offline Payfect emulator (API at <url>/api/v1, hosted pages at <url>/checkouts/<id>)

Options for emulator:
  --port <n>          Port to listen on (default 4010; 0 picks a free one)
  --host <host>       Interface to bind (default 127.0.0.1)
  --api-key <key>     Accept only this key (repeatable; default: any non-empty key)
  --expires-in <s>    Seconds a checkout stays open (default 1800)
  --merchant <name>   Merchant name shown on the hosted page
  --signing-key <key> Fernet key that signs callbacks (X-Payfect-Signature; default: a new one, printed)
  -h, --help          Show this help
`;

function fail(message: string): never {
  process.stderr.write(`payfect-checkout: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) fail(`${name} must be a whole number, got "${value}"`);
  return Number(value);
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'api-key': { type: 'string', multiple: true },
        'expires-in': { type: 'string' },
        merchant: { type: 'string' },
        'signing-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (command === undefined) fail('a command is required');
  if (command !== 'emulator') fail(`unknown command "${command}"`);
  if (extra.length > 0) fail(`unexpected argument "${extra[0]}"`);

  const port = integer(values.port, '--port', 4010);
  if (port > 65535) fail(`--port must be at most 65535, got ${port}`);
  const apiKeys = values['api-key'];
  const signingKey = values['signing-key'];
  if (signingKey !== undefined) {
    await checkFernetKey(signingKey).catch((error: unknown) => fail(`--signing-key: ${(error as Error).message}`));
  }
  const running = await startEmulator({
    port,
    host: values.host ?? '127.0.0.1',
    expiresInMs: integer(values['expires-in'], '--expires-in', 1800) * 1000,
    ...(apiKeys ? { apiKeys } : {}),
    ...(values.merchant ? { merchant: { name: values.merchant } } : {}),
    ...(signingKey === undefined ? {} : { signingKey }),
  });
  process.stdout.write(
    `Payfect emulator listening on ${running.url}\n` +
      `  API base URL: ${running.url}/api/v1\n` +
      `  API key: ${apiKeys ? apiKeys.join(', ') : 'any non-empty key'}\n` +
      `  Callback signing key (Fernet): ${running.emulator.signingKey}\n`,
  );
  const stop = () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`payfect-checkout: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
