import { describe, expect, it } from 'vitest';
import { parseRetryAfter, problemError } from '../src/api/api-error.js';
import { toFormError } from '../src/api/index.js';

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

  it('turns a non-problem error page from a proxy into an ApiError all the same', () => {
    const response = new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'x-request-id': 'abc' } });

    const error = problemError(response, '<html>Bad gateway</html>');

    expect(error).toMatchObject({ kind: 'problem', status: 502, code: 'HTTP_502', title: 'Bad Gateway', requestId: 'abc', fieldErrors: [] });
  });

  it('gives a 503 as a retryable unavailable error with its wait', () => {
    const response = new Response(null, { status: 503, headers: { 'retry-after': '5' } });

    const formError = toFormError(problemError(response, { code: 'SERVICE_UNAVAILABLE', detail: 'database unavailable; retry later.' }));

    expect(formError).toMatchObject({ kind: 'unavailable', retryable: true, retryAfterSeconds: 5 });
  });

  it('has nothing to show when there is no error', () => {
    expect(toFormError(null)).toBeNull();
  });
});
