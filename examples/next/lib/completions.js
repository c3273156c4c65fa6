import { MemoryCompletionStore } from 'payfect-checkout/server';

// The checkouts onCompleted fulfilled: written by the callback route, read by the status route.
// One instance; with more, use createRedisStores(…).completion from payfect-checkout/server/redis.
export const completions = new MemoryCompletionStore();
