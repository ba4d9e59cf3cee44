import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import type { FieldError } from './problem.js';

const CODES: Readonly<Record<string, string>> = {
  invalid_type: 'INVALID_TYPE',
  too_small: 'TOO_SHORT',
  too_big: 'TOO_LONG',
  invalid_value: 'INVALID_VALUE',
  invalid_format: 'INVALID_FORMAT',
  invalid_union: 'INVALID_VALUE',
};

function joinPath(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

function pathOf(instancePath: string): string {
  return instancePath.split('/').filter((segment) => segment !== '').join('.');
}

function fromIssue(issue: FastifySchemaValidationError): FieldError[] {
  const path = pathOf(issue.instancePath);
  const params = issue.params as { keys?: unknown; missing?: unknown };
  if (issue.keyword === 'unrecognized_keys' && Array.isArray(params.keys)) {
    return params.keys.map((key) => ({ path: joinPath(path, String(key)), code: 'UNKNOWN_FIELD', message: `${String(key)} is not a field of this request` }));
  }
  if (params.missing === true) {
    return [{ path, code: 'REQUIRED', message: `${path} is required` }];
  }
  return [{ path, code: CODES[issue.keyword] ?? 'INVALID', message: issue.message ?? 'is invalid' }];
}

/** Zod issues as the API's field errors: dotted paths, stable codes, a readable message. */
export function fieldErrorsFromZod(issues: readonly FastifySchemaValidationError[], context: string | undefined): FieldError[] {
  const errors = issues.flatMap(fromIssue);
  // A body that is not an object at all has no field path; name the body itself.
  return errors.map((error) => (error.path === '' ? { ...error, path: context ?? 'body' } : error));
}
