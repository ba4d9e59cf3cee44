import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../../src/auth/errors.js';
import { AppError, DependencyUnavailableError, RateLimitedError } from '../../src/shared/errors.js';
import { problemFromTable, problemRule, SHARED_PROBLEMS, type ProblemTable } from '../../src/shared/http/problem-table.js';
import { InvalidStatusTransitionError, VersionMismatchError, WorkflowInvalidError, WorkflowNameTakenError, WorkflowNameTooShortError } from '../../src/workflows/domain/exceptions.js';
import { WORKFLOW_PROBLEMS } from '../../src/workflows/presentation/problems.js';

class TeapotError extends AppError {
  readonly code = 'TEAPOT';

  constructor(readonly spout: string) {
    super('I am a teapot, short and stout');
  }
}

class CodedError extends AppError {
  constructor(readonly code: string) {
    super(`an error coded ${code}`);
  }
}

const TABLE: ProblemTable = {
  TEAPOT: problemRule<TeapotError>('CONFLICT', {
    errors: (error) => [{ path: 'spout', code: 'TEAPOT', message: error.spout }],
    extensions: (error) => ({ spout: error.spout }),
    headers: () => ({ 'retry-after': '3' }),
  }),
  PLAIN: problemRule('FORBIDDEN'),
  FIXED: problemRule('NOT_FOUND', { detail: 'Nothing here.' }),
};

describe('problemFromTable', () => {
  it.each([new Error('boom'), 'a string', null, undefined, { code: 'TEAPOT' }])('knows nothing of %j, which is no AppError', (error) => {
    expect(problemFromTable(TABLE, error)).toBeUndefined();
  });

  it('knows nothing of a code its table leaves out', () => {
    expect(problemFromTable(TABLE, new CodedError('ELSEWHERE'))).toBeUndefined();
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('does not take the object prototype member %s for a rule', (code) => {
    expect(problemFromTable(TABLE, new CodedError(code))).toBeUndefined();
  });

  it('maps the code to its problem, with what the rule reads from the error', () => {
    expect(problemFromTable(TABLE, new TeapotError('a spout'))).toEqual({
      code: 'CONFLICT',
      detail: 'I am a teapot, short and stout',
      errors: [{ path: 'spout', code: 'TEAPOT', message: 'a spout' }],
      extensions: { spout: 'a spout' },
      headers: { 'retry-after': '3' },
    });
  });

  it('adds nothing the rule does not ask for', () => {
    expect(problemFromTable(TABLE, new CodedError('PLAIN'))).toEqual({ code: 'FORBIDDEN', detail: 'an error coded PLAIN' });
  });

  it('uses the rule’s fixed text instead of the error’s message', () => {
    expect(problemFromTable(TABLE, new CodedError('FIXED'))).toEqual({ code: 'NOT_FOUND', detail: 'Nothing here.' });
  });
});

describe('shared problems', () => {
  it('tells a client over a limit which policy and when to retry', () => {
    expect(problemFromTable(SHARED_PROBLEMS, new RateLimitedError('user', 12))).toMatchObject({
      code: 'RATE_LIMITED',
      extensions: { policy: 'user' },
      headers: { 'retry-after': '12' },
    });
  });

  it('asks a client to retry later when a dependency is down, naming no internals', () => {
    const problem = problemFromTable(SHARED_PROBLEMS, new DependencyUnavailableError('database', { cause: new Error('ECONNREFUSED 10.0.0.5:5432') }));

    expect(problem).toEqual({ code: 'SERVICE_UNAVAILABLE', detail: 'database is unavailable; retry later.', headers: { 'retry-after': '5' } });
  });

  it('challenges a client that sent no token for one, naming no error (RFC 6750 §3.1)', () => {
    expect(problemFromTable(SHARED_PROBLEMS, new UnauthorizedError('TOKEN_MISSING'))?.headers).toEqual({ 'www-authenticate': 'Bearer realm="workflow-service"' });
  });

  it('tells a client whose token failed that it is invalid', () => {
    expect(problemFromTable(SHARED_PROBLEMS, new UnauthorizedError('TOKEN_EXPIRED'))?.headers).toEqual({ 'www-authenticate': 'Bearer realm="workflow-service", error="invalid_token"' });
  });
});

describe('workflow problems', () => {
  it('names the holder of a taken name', () => {
    const problem = problemFromTable(WORKFLOW_PROBLEMS.rules, new WorkflowNameTakenError('0190a6c2-7d3e-7a41-9b2c-5e8f1a2b3c4d'));

    expect(problem).toMatchObject({
      code: 'CONFLICT',
      extensions: { existing_workflow_id: '0190a6c2-7d3e-7a41-9b2c-5e8f1a2b3c4d' },
      errors: [{ path: 'name', code: 'WORKFLOW_NAME_TAKEN' }],
    });
  });

  it('gives a stale precondition the current version, as an extension and as the ETag', () => {
    const problem = problemFromTable(WORKFLOW_PROBLEMS.rules, new VersionMismatchError(3));

    expect(problem).toMatchObject({ code: 'PRECONDITION_FAILED', extensions: { current_version: 3 }, headers: { etag: '"3"' } });
  });

  it('gives a refused transition the workflow’s status and allowed actions', () => {
    const problem = problemFromTable(WORKFLOW_PROBLEMS.rules, new InvalidStatusTransitionError('archived', 'activate', ['unarchive']));

    expect(problem).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', extensions: { workflow_status: 'archived', allowed_actions: ['unarchive'] } });
  });

  it('lists every invalid member under its wire name', () => {
    const problem = problemFromTable(WORKFLOW_PROBLEMS.rules, new WorkflowInvalidError([new WorkflowNameTooShortError(1)]));

    expect(problem).toMatchObject({ code: 'VALIDATION_ERROR', errors: [{ path: 'name', code: 'WORKFLOW_NAME_TOO_SHORT' }] });
  });
});
