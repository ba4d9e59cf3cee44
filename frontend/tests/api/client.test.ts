import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiError, createWorkflowsClient, type WorkflowsClient } from '../../src/api/index.js';
import { freePort } from '../support/backend.js';
import { aScheduleWorkflow } from '../support/builders.js';
import { LIMITED_CREATES } from '../support/global-setup.js';
import { aUser, mintToken } from '../support/tokens.js';

const backend = inject('backend');

function clientWith(token: string | null, baseUrl = backend.url): WorkflowsClient {
  return createWorkflowsClient({ baseUrl, getToken: () => Promise.resolve(token) });
}

/** The ApiError a failing call rejects with; fails the test when the call succeeds. */
async function failureOf(call: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await call.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('workflows client against the real backend', () => {
  let writer: WorkflowsClient;
  let reader: WorkflowsClient;

  beforeAll(async () => {
    const [writerToken, readerToken] = await Promise.all([mintToken(backend), mintToken(backend, aUser(['org:workflows:read']))]);
    writer = clientWith(writerToken);
    reader = clientWith(readerToken);
  });

  it('creates a workflow and reads it back', async () => {
    const body = aScheduleWorkflow();

    const created = await writer.createWorkflow(body);
    const read = await writer.getWorkflow(created.id);

    expect(created).toMatchObject({ name: body.name, status: 'draft', version: 1, trigger_type: 'schedule', trigger_config: body.trigger_config });
    expect(read).toEqual(created);
  });

  it('turns a duplicate name into a CONFLICT with the existing workflow id and a name field error', async () => {
    const body = aScheduleWorkflow();
    const first = await writer.createWorkflow(body);

    const error = await failureOf(writer.createWorkflow({ ...body, name: body.name.toUpperCase() }));

    expect(error).toMatchObject({ kind: 'problem', status: 409, code: 'CONFLICT', existingWorkflowId: first.id });
    expect(error.fieldErrors.map((field) => field.path)).toEqual(['name']);
    expect(error.requestId).toEqual(expect.any(String));
  });

  it('reports an invalid cron expression as a field error on trigger_config.cron', async () => {
    const error = await failureOf(writer.createWorkflow(aScheduleWorkflow({ trigger_config: { cron: 'every night', timezone: 'Mars/Olympus' } })));

    expect(error).toMatchObject({ status: 422, code: 'VALIDATION_ERROR' });
    expect(error.fieldErrors.map((field) => field.path)).toEqual(expect.arrayContaining(['trigger_config.cron', 'trigger_config.timezone']));
  });

  it('sends no Authorization header when getToken returns null, and gets 401', async () => {
    const error = await failureOf(clientWith(null).createWorkflow(aScheduleWorkflow()));

    expect(error).toMatchObject({ status: 401, code: 'UNAUTHORIZED', retryable: false });
  });

  it('attaches the token as a bearer header, and no header at all when getToken returns null', async () => {
    const seen: (string | null)[] = [];
    const recording = (token: string | null) =>
      createWorkflowsClient({
        baseUrl: backend.url,
        getToken: () => token,
        fetch: (request) => {
          seen.push(request.headers.get('authorization'));
          return fetch(request);
        },
      });

    await recording('abc.def.ghi').getWorkflow(crypto.randomUUID()).catch(() => undefined);
    await recording(null).getWorkflow(crypto.randomUUID()).catch(() => undefined);

    expect(seen).toEqual(['Bearer abc.def.ghi', null]);
  });

  it('answers 403 to a token without the create permission', async () => {
    const error = await failureOf(reader.createWorkflow(aScheduleWorkflow()));

    expect(error).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('answers 404 for a workflow of another account', async () => {
    const created = await writer.createWorkflow(aScheduleWorkflow());

    const error = await failureOf(reader.getWorkflow(created.id));

    expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND', retryable: false });
  });

  it('turns a refused connection into a retryable network error', async () => {
    const closed = clientWith('any-token', `http://127.0.0.1:${await freePort()}`);

    const error = await failureOf(closed.getWorkflow('01a213de-d4fa-769d-9f59-69e666060c40'));

    expect(error).toMatchObject({ kind: 'network', status: null, code: 'NETWORK_ERROR', retryable: true });
  });
});

describe('rate limits', () => {
  it('reads Retry-After from a 429 as seconds', async () => {
    const limitedBackend = inject('limitedBackend');
    const client = clientWith(await mintToken(limitedBackend), limitedBackend.url);
    for (let created = 0; created < LIMITED_CREATES; created += 1) await client.createWorkflow(aScheduleWorkflow());

    const error = await failureOf(client.createWorkflow(aScheduleWorkflow()));

    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
  });
});
