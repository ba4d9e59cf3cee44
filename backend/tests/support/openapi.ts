import type { LightMyRequestResponse } from 'fastify';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import { createRateLimiter, memoryStore } from '../../src/rate-limit/index.js';
import { aTestApp, type TestApp } from './app.js';

interface ResponseDoc {
  headers?: Record<string, { $ref: string }>;
  content?: Record<string, { schema: unknown }>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, ResponseDoc>; security?: unknown }>>;
  components: { schemas: Record<string, unknown>; headers: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

// Headers a response must carry whenever the document lists them; the others are conditional
// (a 409 carries Retry-After only for a key in use, Link only when there is a next page).
const ALWAYS_SENT = new Set(['X-Request-Id', 'Location', 'Retry-After', 'WWW-Authenticate', 'RateLimit', 'RateLimit-Policy', 'ETag']);
const alwaysSent = (name: string, status: number) => ALWAYS_SENT.has(name) && !(status === 409 && name === 'Retry-After');

export async function documentedApp(): Promise<{ app: TestApp; document: OpenApiDocument; validator: Ajv2020 }> {
  const app = await aTestApp({ rateLimiter: createRateLimiter([{ name: 'user', limit: 3, windowSeconds: 60 }], memoryStore()) });
  const document = (await app.request({ method: 'GET', url: '/openapi.json' })).json<OpenApiDocument>();
  const validator = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(validator);
  validator.addSchema({ $id: 'doc', components: document.components });
  return { app, document, validator };
}

function documentedResponse(document: OpenApiDocument, path: string, method: string, status: number): ResponseDoc | undefined {
  return document.paths[path]?.[method]?.responses[String(status)];
}

function expectBodyConforms(context: Awaited<ReturnType<typeof documentedApp>>, documented: ResponseDoc | undefined, response: LightMyRequestResponse) {
  const contentType = String(response.headers['content-type']).split(';')[0] ?? '';
  const schema = documented?.content?.[contentType]?.schema;
  expect(schema, `${response.statusCode} documents ${contentType}`).toBeDefined();
  const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')) as object;
  const valid = context.validator.validate(rebased, response.json());
  expect(context.validator.errors ?? [], JSON.stringify(response.json())).toEqual([]);
  expect(valid).toBe(true);
}

export function expectConforms(context: Awaited<ReturnType<typeof documentedApp>>, path: string, method: string, response: LightMyRequestResponse) {
  const documented = documentedResponse(context.document, path, method, response.statusCode);
  expect(documented, `${method.toUpperCase()} ${path} documents ${response.statusCode}`).toBeDefined();
  if (response.body === '') expect(documented?.content, `${response.statusCode} documents no body`).toBeUndefined();
  else expectBodyConforms(context, documented, response);
  for (const name of Object.keys(documented?.headers ?? {}).filter((header) => alwaysSent(header, response.statusCode))) {
    expect(response.headers[name.toLowerCase()], `${response.statusCode} carries ${name}`).toBeDefined();
  }
}

