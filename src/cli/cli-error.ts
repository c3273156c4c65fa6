/** A mistake the person running the CLI can fix: printed as one message, never as a stack. */
export class CliError extends Error {
  override readonly name = 'CliError';
  /** 2 for a wrong command line (the usage is printed too), 1 for bad configuration. */
  readonly exitCode: 1 | 2;

  constructor(message: string, exitCode: 1 | 2 = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** A listen that failed because the port is taken becomes the fix to make (`hint` adds what else must follow the port); any other failure stays as it is. */
export function busyPort(error: NodeJS.ErrnoException, port: number, host: string, hint = ''): Error {
  return error.code === 'EADDRINUSE' ? new CliError(`port ${port} on ${host} is in use: pass another --port${hint}`) : error;
}

/** A whole number option, such as `--port`, or the fallback when it was not given. */
export function wholeNumber(value: string | undefined, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new CliError(`${name} must be a whole number, got "${value}"`, 2);
  const number = Number(value);
  if (number > max) throw new CliError(`${name} must be at most ${max}, got ${number}`, 2);
  return number;
}

/** Something running that stops cleanly, finishing what is in flight. */
export interface Running {
  close(): Promise<void>;
}
