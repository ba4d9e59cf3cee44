import { describe, expect, it } from 'vitest';
import { parseRetryAfter, problemError } from '../../src/api/api-error.js';
import { toFormError } from '../../src/api/index.js';

// What the real backend never sends, but a proxy or a future server may: checked without a server.
describe('reading error responses', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-25T18:00:00Z');

    expect(parseRetryAfter('17', now)).toBe(17);
    expect(parseRetryAfter('Wed, 25 Nov 2026 18:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Wed, 25 Nov 2026 17:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('turns a proxy 502/503/504 without a problem document into a retryable unreachable error', () => {
    for (const status of [502, 503, 504]) {
      const response = new Response('<html>Bad gateway</html>', { status, statusText: 'Bad Gateway', headers: { 'x-request-id': 'abc' } });

      const error = problemError(response, '<html>Bad gateway</html>');

      expect(error).toMatchObject({ kind: 'unreachable', status, code: 'SERVICE_UNREACHABLE', requestId: 'abc', fieldErrors: [], retryable: true });
      expect(toFormError(error)).toMatchObject({ kind: 'unreachable', retryable: true });
    }
  });

  it('turns any other non-problem error page into an ApiError all the same', () => {
    const response = new Response('<html>Teapot</html>', { status: 418, statusText: 'Teapot', headers: { 'x-request-id': 'abc' } });

    const error = problemError(response, '<html>Teapot</html>');

    expect(error).toMatchObject({ kind: 'problem', status: 418, code: 'HTTP_418', title: 'Teapot', requestId: 'abc', fieldErrors: [] });
  });

  it('gives a 503 as a retryable unavailable error with its wait', () => {
    const response = new Response(null, { status: 503, headers: { 'retry-after': '5' } });

    const formError = toFormError(problemError(response, { code: 'SERVICE_UNAVAILABLE', detail: 'database unavailable; retry later.' }));

    expect(formError).toMatchObject({ kind: 'unavailable', retryable: true, retryAfterSeconds: 5 });
  });

  it('tells the 409s apart by code, and maps 412 and 428', () => {
    const problem = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      toFormError(problemError(new Response(null, { status, headers }), { detail: 'd', request_id: 'r', ...body }));

    expect(problem(409, { code: 'CONFLICT', existing_workflow_id: 'w1', errors: [{ path: 'name', code: 'taken', message: 'taken' }] })).toEqual({
      kind: 'conflict',
      message: 'd',
      fields: { name: 'taken' },
      existingWorkflowId: 'w1',
    });
    expect(problem(409, { code: 'INVALID_STATUS_TRANSITION', workflow_status: 'archived', allowed_actions: ['unarchive'] })).toMatchObject({
      kind: 'invalid-transition',
      status: 'archived',
      allowedActions: ['unarchive'],
    });
    expect(problem(409, { code: 'WORKFLOW_ARCHIVED' })).toMatchObject({ kind: 'archived' });
    expect(problem(409, { code: 'IDEMPOTENCY_KEY_IN_USE' }, { 'retry-after': '1' })).toMatchObject({ kind: 'in-progress', retryable: true, retryAfterSeconds: 1 });
    expect(problemError(new Response(null, { status: 409 }), { code: 'IDEMPOTENCY_KEY_IN_USE' }).retryable).toBe(true);
    expect(problem(412, { code: 'PRECONDITION_FAILED', current_version: 4 }, { etag: '"4"' })).toMatchObject({ kind: 'edit-conflict', currentVersion: 4, etag: '"4"' });
    expect(problem(428, { code: 'PRECONDITION_REQUIRED' })).toMatchObject({ kind: 'precondition-required' });
  });

  it('has nothing to show when there is no error', () => {
    expect(toFormError(null)).toBeNull();
  });
});
