import type { FastifyReply } from 'fastify';

/** Sent with every answer, errors and framework-level answers included. */
export const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
} as const;

export function applyBaseHeaders(reply: FastifyReply): FastifyReply {
  return reply.header('x-request-id', reply.request.id).headers(SECURITY_HEADERS);
}
