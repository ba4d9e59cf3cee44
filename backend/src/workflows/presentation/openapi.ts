import type { OperationDocs } from '../../shared/http/openapi.js';

/** The problems each workflows operation can answer (DESIGN.md §5.2), for the OpenAPI document. */
export function workflowOperations(rateLimited: boolean): Record<string, OperationDocs> {
  return {
    createWorkflow: {
      problems: ['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_ERROR', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
      rateLimited,
      successHeaders: ['Location'],
    },
    getWorkflow: { problems: ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'SERVICE_UNAVAILABLE'] },
  };
}
