import { expect } from 'vitest';

interface AnsweredRequest {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, unknown>>;
  json(): unknown;
}

/**
 * `response` is an RFC 9457 problem with `status` and `code`, as every error of the API is: the
 * problem media type, a type under /problems/, a title and a detail, and the request id of its
 * X-Request-Id header. Returns the document for further checks.
 */
export function expectProblem(response: AnsweredRequest, status: number, code: string): Record<string, unknown> {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json() as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: expect.stringMatching(/^\/problems\//) as unknown, request_id: response.headers['x-request-id'] });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  return body;
}
