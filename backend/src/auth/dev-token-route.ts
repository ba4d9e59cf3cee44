import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DEV_ISSUER, IDENTIFIER, mintDevToken } from './dev-issuer.js';
import type { DevKeyPair } from './dev-key-pair.js';
import { ORG_PERMISSION } from './feature-permissions.js';

// The same rules mintDevToken enforces, checked here so bad input is a 422, not a failure inside.
const identifier = z.string().regex(IDENTIFIER, 'letters, digits, _ . - (1–100)');
const devTokenRequest = z.strictObject({
  org: identifier,
  user: identifier,
  permissions: z.array(z.string().max(100).regex(ORG_PERMISSION, 'org:<feature>:<permission>')).max(20),
});

/**
 * `POST /dev/token`: mints a dev token for the web console. It exists only in dev issuer mode,
 * which configuration never enables in production or next to a Clerk configuration.
 */
export function registerDevTokenRoute(app: FastifyInstance, keys: DevKeyPair): void {
  // Lets a client find out, without minting anything, whether this service runs the dev issuer.
  app.get('/dev/token', { schema: { hide: true } }, () => ({ issuer: DEV_ISSUER }));
  app.post('/dev/token', { schema: { hide: true, body: devTokenRequest } }, async (request) => {
    const { org, user, permissions } = request.body as z.infer<typeof devTokenRequest>;
    return { token: await mintDevToken(keys.privateKey, keys.keyId, { org, user, permissions }) };
  });
}
