import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DEV_ISSUER, IDENTIFIER, mintDevToken } from './dev-issuer.js';
import type { DevKeyPair } from './dev-key-pair.js';
import { ForbiddenError } from './errors.js';
import { ORG_PERMISSION } from './feature-permissions.js';

// The same rules mintDevToken enforces, checked here so bad input is a 422, not a failure inside.
const identifier = z.string().regex(IDENTIFIER, 'letters, digits, _ . - (1–100)');
const devTokenRequest = z.strictObject({
  org: identifier,
  user: identifier,
  permissions: z.array(z.string().max(100).regex(ORG_PERMISSION, 'org:<feature>:<permission>')).max(20),
});

// A page on another site can point its own host name at 127.0.0.1 (DNS rebinding) and then call
// this service as same-origin; it still sends its own name in Host, so only loopback names pass.
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$/i;

async function requireLoopbackHost(request: FastifyRequest): Promise<void> {
  if (!LOOPBACK_HOST.test(request.headers.host ?? '')) throw new ForbiddenError('LOOPBACK_HOST_REQUIRED');
  return Promise.resolve();
}

/**
 * `POST /dev/token`: mints a dev token for the web console. It exists only in dev issuer mode,
 * which configuration never enables in production or next to a Clerk configuration.
 */
export function registerDevTokenRoute(app: FastifyInstance, keys: DevKeyPair): void {
  // Lets a client find out, without minting anything, whether this service runs the dev issuer.
  app.get('/dev/token', { onRequest: requireLoopbackHost, schema: { hide: true } }, () => ({ issuer: DEV_ISSUER }));
  app.post('/dev/token', { onRequest: requireLoopbackHost, schema: { hide: true, body: devTokenRequest } }, async (request) => {
    const { org, user, permissions } = request.body as z.infer<typeof devTokenRequest>;
    return { token: await mintDevToken(keys.privateKey, keys.keyId, { org, user, permissions }) };
  });
}
