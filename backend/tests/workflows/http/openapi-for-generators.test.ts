import { afterAll, describe, expect, it } from 'vitest';
import { closeSharedDatabases } from '../../support/database.js';
import { documentedApp, type OpenApiDocument } from '../../support/openapi.js';

afterAll(closeSharedDatabases);

/*
 * The document as client generators and validating proxies read it: every status the service can
 * send is documented, headers it always sends are required, parameters carry the type their text
 * stands for, request schemas accept what the service accepts, and no schema stands unused.
 */

type Operation = OpenApiDocument['paths'][string][string] & {
  parameters?: { name: string; in: string; schema: Record<string, unknown>; style?: string; explode?: boolean }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
};

function operations(document: OpenApiDocument): [string, string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => [path, method, operation as Operation] as [string, string, Operation]));
}

const parameter = (document: OpenApiDocument, path: string, method: string, name: string) =>
  (document.paths[path]?.[method] as Operation | undefined)?.parameters?.find((candidate) => candidate.name === name);

describe('the OpenAPI document, as generators read it', () => {
  it('documents on every operation what any request can be answered: 400, 408, 414, 431, 500 and 503', async () => {
    const { document } = await documentedApp();

    for (const [path, method, operation] of operations(document)) {
      expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['400', '408', '414', '431', '500', '503']));
    }
  });

  it('documents 413 and 415 on every operation that takes a request, with a body or without', async () => {
    const { document } = await documentedApp();

    for (const [path, method, operation] of operations(document).filter(([, method]) => method !== 'get')) {
      expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['413', '415']));
    }
  });

  it('marks the headers always sent as required, and Retry-After optional on a 409 that only sometimes sends it', async () => {
    const { document } = await documentedApp();
    const headers = document.components.headers as Record<string, { required?: boolean }>;
    const conflict = document.paths['/api/v1/workflows']?.post?.responses['409']?.headers as Record<string, { required?: boolean; $ref?: string }>;

    expect(['ETag', 'Location', 'WWW-Authenticate', 'Retry-After'].map((name) => headers[name]?.required)).toEqual([true, true, true, true]);
    expect(headers.Link?.required).toBeUndefined();
    expect(conflict['Retry-After']).toMatchObject({ required: false });
  });

  it('sends the rate-limit headers of a delete’s 204, and documents them', async () => {
    const { document } = await documentedApp();

    const deleted = document.paths['/api/v1/workflows/{id}']?.delete?.responses['204'];

    expect(Object.keys(deleted?.headers ?? {})).toEqual(expect.arrayContaining(['RateLimit', 'RateLimit-Policy']));
  });

  it('types limit and a version number as integers, deleted as a boolean, and comma lists as unexploded arrays', async () => {
    const { document } = await documentedApp();

    expect(parameter(document, '/api/v1/workflows', 'get', 'limit')?.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    expect(parameter(document, '/api/v1/workflows', 'get', 'deleted')?.schema).toMatchObject({ type: 'boolean' });
    expect(parameter(document, '/api/v1/workflows/{id}/versions/{version}', 'get', 'version')?.schema).toMatchObject({ type: 'integer', minimum: 1 });
    for (const [path, name] of [['/api/v1/workflows', 'status'], ['/api/v1/workflows', 'trigger_type'], ['/api/v1/audit-logs', 'action']] as const) {
      expect(parameter(document, path, 'get', name), name).toMatchObject({ style: 'form', explode: false, schema: { type: 'array' } });
    }
  });

  it('does not mark the members a PUT accepts and ignores readOnly, so a GET body can be sent back', async () => {
    const { document } = await documentedApp();
    const put = document.paths['/api/v1/workflows/{id}']?.put as Operation | undefined;
    const name = put?.requestBody?.content['application/json']?.schema.$ref?.split('/').at(-1) ?? '';

    const { properties } = document.components.schemas[name] as { properties: Record<string, { readOnly?: boolean }> };

    expect(Object.keys(properties)).toEqual(expect.arrayContaining(['id', 'status', 'version', 'created_at']));
    expect(Object.values(properties).filter((member) => member.readOnly === true)).toEqual([]);
  });

  it('keeps only the schemas some operation uses', async () => {
    const { document } = await documentedApp();
    const text = JSON.stringify({ paths: document.paths, schemas: document.components.schemas });

    const unused = Object.keys(document.components.schemas).filter((name) => !text.includes(`"#/components/schemas/${name}"`));

    expect(unused).toEqual([]);
  });
});
