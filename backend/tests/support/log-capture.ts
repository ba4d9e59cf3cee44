import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../src/shared/logger.js';

/** The service's own logger, writing its JSON lines where the test can read them. */
export function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[]; output: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const output = () => chunks.join('');
  return {
    logger: createLogger('info', destination),
    output,
    get lines() {
      return output().trim().split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
    },
  };
}
