import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { mintDevToken } from './dev-issuer.js';
import type { DevKeyPair } from './dev-key-pair.js';

const devTokenRequest = z.strictObject({
  org: z.string().min(1).max(100),
  user: z.string().min(1).max(100),
  permissions: z.array(z.string().max(100)).max(20),
});

/**
 * `POST /dev/token`: mints a dev token for the web console. It exists only in dev issuer mode,
 * which configuration never enables in production or next to a Clerk configuration.
 */
export function registerDevTokenRoute(app: FastifyInstance, keys: DevKeyPair): void {
  app.post('/dev/token', { schema: { hide: true, body: devTokenRequest } }, async (request) => {
    const { org, user, permissions } = request.body as z.infer<typeof devTokenRequest>;
    return { token: await mintDevToken(keys.privateKey, keys.keyId, { org, user, permissions }) };
  });
}
