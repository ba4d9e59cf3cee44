import type { FastifyInstance } from 'fastify';

const ALLOWED_METHODS = 'GET, POST, PATCH, PUT, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Request-Id, If-Match, If-None-Match, Idempotency-Key';
const EXPOSED_HEADERS = 'Location, X-Request-Id, RateLimit, RateLimit-Policy, Retry-After, ETag, Link, Idempotent-Replayed';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * CORS for an allow-list of browser origins: an allowed origin is echoed exactly (never `*`, since
 * requests carry credentials in Authorization); any other origin gets no CORS headers at all.
 */
export function registerCors(app: FastifyInstance, origins: readonly string[]): void {
  if (origins.length === 0) return;
  const allowed = new Set(origins.map((origin) => origin.toLowerCase()));
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined) return;
    // Responses differ by Origin, so shared caches must key on it.
    reply.header('vary', 'Origin');
    if (!allowed.has(origin.toLowerCase())) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-expose-headers', EXPOSED_HEADERS);
    return Promise.resolve();
  });
  app.options('/*', { schema: { hide: true } }, async (request, reply) => {
    const origin = request.headers.origin;
    if (origin !== undefined && allowed.has(origin.toLowerCase())) {
      reply.header('access-control-allow-methods', ALLOWED_METHODS);
      reply.header('access-control-allow-headers', ALLOWED_HEADERS);
      reply.header('access-control-max-age', PREFLIGHT_MAX_AGE_SECONDS);
    }
    return reply.status(204).send();
  });
}
