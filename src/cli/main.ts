#!/usr/bin/env node
// The `payfect-checkout` bin. It may import both the emulator and the server, which never import each other.
import { parseArgs } from 'node:util';
import { CliError, type Running } from './cli-error.js';
import { runEmulator } from './emulator-command.js';
import { runServe } from './serve-command.js';

const USAGE = `Usage: payfect-checkout <command> [options]

Commands:
  serve               Serve the session endpoint (POST /api/checkout) for your catalog, Payfect's callback
                      receiver (POST /api/payfect-callback) and the return page's status (GET /api/checkout-status)
  emulator            Run the offline Payfect emulator (API at <url>/api/v1: checkouts, products, prices,
                      payment-links; hosted pages at <url>/checkouts/<id>)

Options for serve:
  --catalog <file>        JSON object of products keyed by id (required)
  --port <n>              Port to listen on (default 8787; 0 picks a free one)
  --host <host>           Interface to bind (default 127.0.0.1)
  --allow-origin <origin> A page origin that may call from another origin, CORS (repeatable)
  --emulator              Use the offline emulator as Payfect, in this process (no key needed)
  --success-url <url>     Where Payfect sends the buyer after paying, when the page gives none
  --cancel-url <url>      Where Payfect sends the buyer after cancelling, when the page gives none
  --callback-url <url>    Where Payfect sends the payment notification
  Environment: PAYFECT_API_KEY (required without --emulator), PAYFECT_BASE_URL (optional),
               PAYFECT_SIGNING_KEY (optional: callbacks must then carry its signature)

Options for emulator:
  --port <n>                    Port to listen on (default 4010; 0 picks a free one)
  --host <host>                 Interface to bind (default 127.0.0.1)
  --api-key <key>               Accept only this key (repeatable; default: any key).
                                None, null, undefined and empty keys are always refused
  --default-callback-url <url>  Where a checkout without callback_url sends its callback,
                                as the URL in Payfect's dashboard does (default: none)
  --public-url <url>            Origin of the hosted pages in each checkout's url
                                (default: the origin each API request was sent to)
  --expires-in <s>              Seconds a checkout stays open (default 1800)
  --merchant <name>             Merchant name shown on the hosted page
  --signing-key <key>           Fernet key that signs callbacks (X-Payfect-Signature;
                                default: a new one, printed)
  Each callback delivery is printed: checkout, URL, the receiver's status and error code,
  attempt n of m.

  -h, --help          Show this help
`;

const OPTIONS = {
  emulator: {
    port: { type: 'string' },
    host: { type: 'string' },
    'api-key': { type: 'string', multiple: true },
    'default-callback-url': { type: 'string' },
    'public-url': { type: 'string' },
    'expires-in': { type: 'string' },
    merchant: { type: 'string' },
    'signing-key': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  serve: {
    catalog: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'allow-origin': { type: 'string', multiple: true },
    emulator: { type: 'boolean' },
    'success-url': { type: 'string' },
    'cancel-url': { type: 'string' },
    'callback-url': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
} as const;

function parse<Command extends keyof typeof OPTIONS>(command: Command, args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS[command], allowPositionals: false });
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function start(argv: string[]): Promise<Running | undefined> {
  const [command, ...args] = argv;
  if (command === undefined) throw new CliError('a command is required', 2);
  if (command === 'help' || command === '--help' || command === '-h') return void process.stdout.write(USAGE);
  if (command === 'emulator') {
    const { values } = parse('emulator', args);
    if (values.help) return void process.stdout.write(USAGE);
    return runEmulator(values, log);
  }
  if (command === 'serve') {
    const { values } = parse('serve', args);
    if (values.help) return void process.stdout.write(USAGE);
    return runServe(values, process.env, log);
  }
  throw new CliError(`unknown command "${command}"`, 2);
}

function stopOnSignals(running: Running): void {
  const stop = (signal: NodeJS.Signals) => {
    log(`payfect-checkout: ${signal}, finishing requests in flight`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`payfect-checkout: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

start(process.argv.slice(2)).then(
  (running) => running && stopOnSignals(running),
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`payfect-checkout: ${error.message}\n${error.exitCode === 2 ? `\n${USAGE}` : ''}`);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`payfect-checkout: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
