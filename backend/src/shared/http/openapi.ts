import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { documentedShapes, documentWireTypes, plainRequestNames, reachableSchemas } from './openapi-schemas.js';
import { kindOf, MAX_FIELD_ERRORS, PROBLEM_CONTENT_TYPE, type ProblemCode, type ProblemKinds } from './problem.js';
import { HEADERS, type HeaderName } from './response-headers.js';

/** How one operation answers besides its success body: the documentation the schemas cannot carry. */
export interface OperationDocs {
  /** Problem codes, shared or of the operation's module. */
  readonly problems: readonly string[];
  readonly rateLimited?: boolean;
  /** Headers of the success response, by name, from HEADERS below. */
  readonly successHeaders?: readonly HeaderName[];
  /** Answers without a body, by status (204, 304), with their descriptions. */
  readonly emptyResponses?: Readonly<Record<string, string>>;
  /** Every media type the request body may be sent as (the schema documents the first). */
  readonly bodyMediaTypes?: readonly string[];
  readonly bodyOptional?: boolean;
}

/** The API as its modules describe it, for the document: what the route schemas cannot carry. */
export interface ApiDescription {
  readonly info: { readonly title: string; readonly description: string };
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  readonly operations: Readonly<Record<string, OperationDocs>>;
  /** Every problem code, shared and of each module. */
  readonly kinds: ProblemKinds;
  /** The members modules add to problem documents. */
  readonly members: Readonly<Record<string, z.ZodType>>;
  /** Component schemas modules document their members by (see `documentedAs`). */
  readonly schemas: Readonly<Record<string, unknown>>;
}

function problemSchema(kinds: ProblemKinds, members: Readonly<Record<string, z.ZodType>>) {
  return z.looseObject({
    type: z.string().max(200).meta({ description: 'URI reference identifying the problem type', format: 'uri-reference' }),
    title: z.string().max(100),
    status: z.int32().min(400).max(599).meta({ format: 'int32' }),
    detail: z.string().max(1000),
    code: z.enum(Object.keys(kinds) as [string, ...string[]]),
    request_id: z.string().max(64).regex(/^[A-Za-z0-9._:-]+$/),
    errors: z
      .array(
        z.strictObject({
          path: z.string().max(200).meta({ description: 'Dotted path of the member, as sent', examples: ['trigger_config.cron'] }),
          code: z.string().max(64).regex(/^[A-Z0-9_]+$/),
          message: z.string().max(500),
        }),
      )
      .max(MAX_FIELD_ERRORS)
      .optional()
      .meta({ description: 'One entry per offending field (400/409/422)' }),
    ...members,
    policy: z.enum(['user', 'account']).optional().meta({ description: 'On 429: the violated rate-limit policy' }),
  });
}

const headerRefs = (names: readonly HeaderName[]) => Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));

/**
 * What any request can be answered before its route runs: a malformed request or header (400), a
 * client too slow (408), a request line or headers too long (414, 431), the service shutting down
 * (503), and anything unexpected (500).
 */
const ANY_REQUEST: readonly ProblemCode[] = ['BAD_REQUEST', 'REQUEST_TIMEOUT', 'URI_TOO_LONG', 'HEADERS_TOO_LARGE', 'SERVICE_UNAVAILABLE', 'INTERNAL_ERROR'];
/** What any request with a body can be answered, route or not: Fastify reads a body it has a parser for. */
const ANY_BODY: readonly ProblemCode[] = ['BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'];
const BODILESS_METHODS = new Set(['get', 'head']);

// Answers given before the request was counted (before the route, 401/403), or possibly by the counter itself (500/503).
const UNCOUNTED = new Set<string>(['UNAUTHORIZED', 'FORBIDDEN', 'INTERNAL_ERROR', 'SERVICE_UNAVAILABLE', 'REQUEST_TIMEOUT', 'URI_TOO_LONG', 'HEADERS_TOO_LARGE']);

/**
 * The headers particular to some of `codes`: one that every code of the status sends is required
 * (its component says so); one that only some send (Retry-After on a 409 in use, not on a name
 * conflict) is documented as optional.
 */
function problemHeaders(codes: readonly string[], kinds: ProblemKinds): Record<string, unknown> {
  const perCode = codes.map((code) => kindOf(code, kinds).headers ?? []);
  const names = [...new Set(perCode.flat())];
  return Object.fromEntries(names.map((name) => [name, perCode.every((sent) => sent.includes(name)) ? headerRefs([name])[name] : { ...HEADERS[name], required: false }]));
}

/** One response per status; several codes sharing a status (409s, 422s) are listed together. */
function problemResponse(codes: readonly string[], rateLimited: boolean, kinds: ProblemKinds) {
  const limited = rateLimited && codes.some((code) => !UNCOUNTED.has(code));
  const limitHeaders: HeaderName[] = limited ? ['RateLimit', 'RateLimit-Policy'] : [];
  return {
    description: codes.map((code) => `${code}: ${code.replaceAll('_', ' ').toLowerCase()}`).join('; '),
    headers: { ...headerRefs(['X-Request-Id', 'Access-Control-Allow-Origin', ...limitHeaders]), ...problemHeaders(codes, kinds) },
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

function byStatus(codes: readonly string[], kinds: ProblemKinds): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const code of codes) {
    const { status } = kindOf(code, kinds);
    groups.set(status, [...(groups.get(status) ?? []), code]);
  }
  return groups;
}

type Document = Record<string, unknown> & { paths?: Record<string, Record<string, Record<string, unknown>>>; components?: Record<string, unknown> };

type RequestBody = { required?: boolean; content?: Record<string, { schema?: { $ref?: string }; example?: unknown }> } | undefined;

type Responses = Record<string, Record<string, unknown>>;

function successResponses(responses: Responses, docs: OperationDocs): void {
  const limitHeaders: HeaderName[] = docs.rateLimited === true ? ['RateLimit', 'RateLimit-Policy'] : [];
  for (const [status, response] of Object.entries(responses)) {
    if (status.startsWith('2')) response.headers = headerRefs(['X-Request-Id', 'Access-Control-Allow-Origin', ...(docs.successHeaders ?? []), ...limitHeaders]);
  }
}

function emptyResponses(responses: Responses, docs: OperationDocs): void {
  const empty = Object.entries(docs.emptyResponses ?? {});
  // Fastify documents a route without a 200 schema as "200 Default Response"; its real answer is below.
  if (empty.some(([status]) => status.startsWith('2'))) delete responses['200'];
  const limitHeaders: HeaderName[] = docs.rateLimited === true ? ['RateLimit', 'RateLimit-Policy'] : [];
  for (const [status, description] of empty) {
    const headers: HeaderName[] = status === '304' ? ['ETag'] : status.startsWith('2') ? limitHeaders : [];
    responses[status] = { description, headers: headerRefs(['X-Request-Id', 'Access-Control-Allow-Origin', ...headers]) };
  }
}

/** The body's schema under every media type the route reads (a merge patch is JSON too). */
function bodyMediaTypes(operation: Record<string, unknown>, docs: OperationDocs): void {
  const body = operation.requestBody as RequestBody;
  if (body !== undefined && docs.bodyOptional === true) body.required = false;
  const content = body?.content;
  const json = content?.['application/json'];
  if (content === undefined || json === undefined) return;
  for (const mediaType of docs.bodyMediaTypes ?? []) content[mediaType] = json;
}

function documentOperation(method: string, operation: Record<string, unknown>, docs: OperationDocs, kinds: ProblemKinds): void {
  const responses = (operation.responses ?? {}) as Responses;
  successResponses(responses, docs);
  emptyResponses(responses, docs);
  const problems = [...docs.problems, ...ANY_REQUEST, ...(BODILESS_METHODS.has(method) ? [] : ANY_BODY)];
  for (const [status, codes] of byStatus([...new Set(problems)], kinds)) responses[String(status)] = problemResponse(codes, docs.rateLimited === true, kinds);
  operation.responses = responses;
  operation.security = [{ bearerAuth: [] }];
  bodyMediaTypes(operation, docs);
}

/**
 * A request body whose schema has examples gets the first as its media type's example: /docs
 * prefills "Try it out" with it, instead of assembling one member by member (which can pair a
 * trigger type with another type's configuration and be refused).
 */
function exampleBodies(operation: Record<string, unknown>, schemas: Record<string, { examples?: unknown[] }>): void {
  for (const media of Object.values((operation.requestBody as RequestBody)?.content ?? {})) {
    const name = media.schema?.$ref?.split('/').at(-1);
    const example = name === undefined ? undefined : schemas[name]?.examples?.[0];
    if (example !== undefined) media.example = example;
  }
}

/** Adds what the route schemas cannot express: problem responses, headers and the security scheme. */
function enrichDocument(document: Document, api: ApiDescription): Document {
  const schemas = (document.components?.schemas ?? {}) as Record<string, { examples?: unknown[] }>;
  for (const methods of Object.values(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(methods)) {
      const docs = api.operations[String(operation.operationId)];
      if (docs !== undefined) documentOperation(method, operation, docs, api.kinds);
      documentWireTypes(operation);
      exampleBodies(operation, schemas);
    }
  }
  const problem: Record<string, unknown> = z.toJSONSchema(problemSchema(api.kinds, api.members), { io: 'output' });
  delete problem.$schema;
  if (document.paths !== undefined) document.paths = documentedShapes(document.paths) as NonNullable<Document['paths']>;
  const components = documentedShapes({ ...(document.components?.schemas as object | undefined), ...api.schemas, Problem: problem }) as Record<string, unknown>;
  document.components = {
    ...document.components,
    schemas: reachableSchemas(document.paths, components),
    headers: HEADERS,
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Clerk session token (or a dev token in dev issuer mode): RS256 only, exp/nbf/iat checked with 5 s skew, iss and azp checked when configured, following RFC8725 (JWT best current practices).' } },
  };
  // Paths in address order, whatever order the modules registered them in: a collection, its items, their actions.
  if (document.paths !== undefined) document.paths = Object.fromEntries(Object.entries(document.paths).sort(([a], [b]) => (a < b ? -1 : 1)));
  return plainRequestNames(document);
}

/**
 * The documentation page's policy: its own scripts, styles and the document (connect-src for
 * /openapi.json and "Try it out"), nothing from elsewhere. Swagger UI adds one <style> element of
 * its own, allowed by its hash alone; a browser test loads the page and expects no violation.
 */
export const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='; " +
  "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** `GET /openapi.json` (OpenAPI 3.1, from the same zod schemas that validate) and `GET /docs`. */
export async function registerOpenApi(app: FastifyInstance, api: ApiDescription): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        ...api.info,
        version: '1.0.0',
        license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
      },
      // x-internal: this is the public API, not an internal one (OpenAPI extension the type does not list).
      servers: [{ url: '/', description: 'This deployment (local, staging or production alike: the API is served at the root)', 'x-internal': false } as { url: string }],
      tags: [...api.tags],
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => enrichDocument(jsonSchemaTransformObject(input) as Document, api) as ReturnType<typeof jsonSchemaTransformObject>,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CONTENT_SECURITY_POLICY });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
