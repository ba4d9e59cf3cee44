import { describe, expect, it } from 'vitest';
import { documentWireTypes, plainRequestNames, reachableSchemas, wireType } from '../../src/shared/http/openapi-schemas.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe('reachable component schemas', () => {
  it('keeps the schemas operations reach, directly or through other schemas, and drops the rest', () => {
    const paths = { '/a': { get: { responses: { 200: { content: { 'application/json': { schema: ref('Page') } } } } } } };
    const schemas = { Page: { properties: { data: { items: ref('Item') } } }, Item: { type: 'object' }, ItemInput: { type: 'object' }, Problem: { type: 'object' } };

    expect(Object.keys(reachableSchemas(paths, schemas))).toEqual(['Page', 'Item']);
  });

  it('follows cycles without looping', () => {
    const schemas = { Node: { properties: { next: ref('Node') } } };

    expect(Object.keys(reachableSchemas({ schema: ref('Node') }, schemas))).toEqual(['Node']);
  });
});

describe('request schema names', () => {
  it('gives a request variant its plain name when no response uses that name, and keeps both otherwise', () => {
    const document = {
      paths: { '/a': { post: { requestBody: { content: { 'application/json': { schema: ref('CreateInput') } } }, responses: { 200: { schema: ref('Item') } } } } },
      components: { schemas: { CreateInput: { type: 'object' }, ItemInput: { type: 'object' }, Item: { properties: { child: ref('ItemInput') } } } },
    };

    const renamed = plainRequestNames(document);

    expect(Object.keys(renamed.components.schemas)).toEqual(['Create', 'ItemInput', 'Item']);
    expect(JSON.stringify(renamed.paths)).toContain('"#/components/schemas/Create"');
  });
});

describe('parameters documented by what their text means', () => {
  it('documents an integer, keeping the description and turning examples into numbers', () => {
    const operation = { parameters: [{ in: 'query', name: 'limit', schema: { type: 'string', pattern: '^[0-9]+$', description: 'Page size', examples: ['20'], ...wireType.integer(1, 100) } }] };

    documentWireTypes(operation);

    expect(operation.parameters[0]).toEqual({ in: 'query', name: 'limit', schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 100, description: 'Page size', examples: [20] } });
  });

  it('documents a comma list as a form-style array that is not exploded', () => {
    const operation = { parameters: [{ in: 'query', name: 'status', schema: { type: 'string', ...wireType.commaList({ type: 'string', enum: ['draft', 'active'] }, 2) } }] };

    documentWireTypes(operation);

    expect(operation.parameters[0]).toEqual({
      in: 'query',
      name: 'status',
      style: 'form',
      explode: false,
      schema: { type: 'array', items: { type: 'string', enum: ['draft', 'active'] }, maxItems: 2, uniqueItems: true },
    });
  });

  it('documents a boolean and leaves other parameters as they are', () => {
    const plain = { in: 'query', name: 'q', schema: { type: 'string' } };
    const operation = { parameters: [{ in: 'query', name: 'deleted', schema: { type: 'string', enum: ['true', 'false'], ...wireType.boolean() } }, plain] };

    documentWireTypes(operation);

    expect(operation.parameters).toEqual([{ in: 'query', name: 'deleted', schema: { type: 'boolean' } }, { in: 'query', name: 'q', schema: { type: 'string' } }]);
  });
});
