import { Redis } from 'ioredis';

export interface RedisClientOptions {
  readonly connectTimeoutMs?: number;
  readonly commandTimeoutMs?: number;
  readonly onError?: (error: Error) => void;
}

/**
 * A Redis connection that never makes a request wait for it: no offline queue (commands fail at
 * once while disconnected), bounded connect and command timeouts, and reconnection in the background.
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    connectTimeout: options.connectTimeoutMs ?? 1_000,
    commandTimeout: options.commandTimeoutMs ?? 250,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2_000),
    enableAutoPipelining: true,
  });
  client.on('error', (error: Error) => options.onError?.(error));
  return client;
}
