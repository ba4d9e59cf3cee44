import type { FastifySchemaCompiler } from 'fastify';
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import type { z } from 'zod';

function toValidationError(issue: z.core.$ZodIssue): FastifySchemaValidationError {
  const { path, code, message, input, ...rest } = issue;
  return {
    keyword: code,
    instancePath: `/${path.map(String).join('/')}`,
    schemaPath: '',
    // The input itself is never echoed to the client; only whether it was absent.
    params: { ...rest, missing: input === undefined && code === 'invalid_type' },
    message,
  };
}

/** Validates with zod (no coercion), reporting whether a failing member was absent or wrong. */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data, { reportInput: true });
    return result.success ? { value: result.data } : { error: result.error.issues.map(toValidationError) };
  };
