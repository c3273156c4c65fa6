import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { RedisServer } from '../support/redis-server.js';
import type { EndpointConfig, InstanceMessage } from './instance-config.js';

/** N server processes (endpoint-process.ts or callback-process.ts) behind no balancer: the test picks the instance of each request. */
export class Instances {
  readonly urls: string[];
  readonly #children: ChildProcess[];

  private constructor(children: ChildProcess[], urls: string[]) {
    this.#children = children;
    this.urls = urls;
  }

  static async start(count: number, config: object, script = new URL('./endpoint-process.ts', import.meta.url)): Promise<Instances> {
    const children = Array.from({ length: count }, () =>
      fork(script, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, INSTANCE_CONFIG: JSON.stringify(config) } }),
    );
    const ports = await Promise.all(
      children.map(
        (child) =>
          new Promise<number>((resolve, reject) => {
            child.once('exit', (code) => reject(new Error(`an instance exited with ${String(code)} before listening`)));
            child.on('message', (message: InstanceMessage) => {
              if ('port' in message) resolve(message.port);
            });
          }),
      ),
    );
    for (const child of children) child.removeAllListeners('exit');
    return new Instances(children, ports.map((port) => `http://127.0.0.1:${port}`));
  }

  /** Resolves when every instance's Redis client says it is connected ('ready') or has lost Redis ('error'). */
  everyRedisClient(state: 'ready' | 'error'): Promise<void> {
    return Promise.all(
      this.#children.map(
        (child) =>
          new Promise<void>((resolve) => {
            const listener = (message: InstanceMessage) => {
              if ('redis' in message && message.redis === state) {
                child.off('message', listener);
                resolve();
              }
            };
            child.on('message', listener);
          }),
      ),
    ).then(() => undefined);
  }

  /** True while no instance has exited (crashed). */
  get allAlive(): boolean {
    return this.#children.every((child) => child.exitCode === null && child.signalCode === null);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.#children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill();
        await once(child, 'exit');
      }),
    );
  }
}

/** A redis-server, an emulator over HTTP, and `count` endpoint processes on both; `stop()` ends them all. */
export async function endpointsOnRedis(
  count: number,
  settings: Omit<EndpointConfig, 'redisUrl' | 'emulatorUrl'>,
): Promise<{ redis: RedisServer; payfect: RunningEmulator; instances: Instances; stop: () => Promise<void> }> {
  const redis = await RedisServer.start();
  const payfect = await startEmulator();
  const instances = await Instances.start(count, { redisUrl: redis.url, emulatorUrl: payfect.url, ...settings });
  const stop = async () => {
    await instances.stop();
    await payfect.close();
    await redis.stop();
  };
  return { redis, payfect, instances, stop };
}
