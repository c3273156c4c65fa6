import type { RedisCommands } from './commands.js';

/** What each Redis store holds: the commands, its own key prefix, and the time limit the handlers put on its calls. */
export abstract class RedisStore {
  /** `createRedisStores`' `timeoutMs`: the handlers' time limit on each of this store's calls. */
  readonly timeoutMs: number;
  protected readonly redis: RedisCommands;
  readonly #prefix: string;

  protected constructor(redis: RedisCommands, prefix: string) {
    this.redis = redis;
    this.timeoutMs = redis.timeoutMs;
    this.#prefix = prefix;
  }

  protected key(id: string): string {
    return this.#prefix + id;
  }
}
