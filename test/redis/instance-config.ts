/** What the tests pass to each forked instance (as INSTANCE_CONFIG), and what instances report back over IPC. */
export interface EndpointConfig {
  redisUrl: string;
  emulatorUrl: string;
  prefix: string;
  rateLimitMax: number;
  storeTimeoutMs: number;
  /** Payfect's time limit (the handler's `timeoutMs`); default 10000. */
  payfectTimeoutMs?: number;
  /** How long onCheckoutCreated takes; default: there is none. */
  checkoutCreatedMs?: number;
}

export interface CallbackConfig {
  redisUrl: string;
  emulatorUrl: string;
  prefix: string;
  signingKey: string;
  /** How long a fulfilment takes, so that copies arriving together overlap it. */
  fulfilmentMs: number;
}

export type InstanceMessage = { port: number } | { redis: 'ready' | 'error' };

/** The Redis key the callback instances' onCompleted increments per checkout. */
export const fulfilmentCounter = (prefix: string, checkoutId: string): string => `${prefix}test-fulfilled:${checkoutId}`;
