/** Every response header the API documents, as OpenAPI header objects. */
export const HEADERS = {
  'X-Request-Id': { description: 'Identifies the request in logs; echoed when the caller sent a safe value', schema: { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' } },
  'Access-Control-Allow-Origin': { description: 'Present when the request’s Origin is one of the configured CORS origins (echoed exactly)', schema: { type: 'string', maxLength: 200, format: 'uri' } },
  Location: { description: 'Address of the created resource', required: true, schema: { type: 'string', format: 'uri-reference', maxLength: 100 } },
  RateLimit: { description: 'IETF draft: remaining quota (r) and seconds to reset (t) of the policy closest to its limit', schema: { type: 'string', maxLength: 200, examples: ['"user";r=29;t=60'] } },
  'RateLimit-Policy': { description: 'IETF draft: every policy, with quota (q) and window in seconds (w)', schema: { type: 'string', maxLength: 200, examples: ['"user";q=30;w=60, "account";q=300;w=60'] } },
  'Retry-After': { description: 'Seconds to wait before retrying', required: true, schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 } },
  ETag: { description: 'The version of the resource as a strong validator: its `version` in quotes', required: true, schema: { type: 'string', maxLength: 12, pattern: '^"[1-9][0-9]*"$', examples: ['"3"'] } },
  Link: { description: 'RFC 8288: `<…>; rel="next"`, sent exactly when `next_cursor` is not null', schema: { type: 'string', maxLength: 9000 } },
  'Idempotent-Replayed': { description: 'true when this is the stored answer to an earlier request with the same Idempotency-Key', schema: { type: 'string', enum: ['true'] } },
  'WWW-Authenticate': { description: 'Bearer challenge (RFC 6750): the realm, with `error="invalid_token"` when a token was sent and failed', required: true, schema: { type: 'string', maxLength: 200 } },
} as const;
export type HeaderName = keyof typeof HEADERS;
