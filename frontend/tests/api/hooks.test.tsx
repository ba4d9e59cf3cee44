// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, configure, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createWorkflowsClient, useCreateWorkflow, useWorkflow, type CreateWorkflowBody, type FieldMessages, type FormError, type WorkflowsClient } from '../../src/api/index.js';
import { freePort } from '../support/backend.js';
import { aScheduleWorkflow } from '../support/builders.js';
import { LIMITED_CREATES } from '../support/global-setup.js';
import { aUser, mintToken } from '../support/tokens.js';

const backend = inject('backend');

// Every hook here waits on a real server, which can take longer than the 1 s default on a busy machine.
configure({ asyncUtilTimeout: 10_000 });

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
});

function clientWith(token: string | null, baseUrl = backend.url): WorkflowsClient {
  return createWorkflowsClient({ baseUrl, getToken: () => token });
}

/** A fresh cache per test, with short retry delays so the retry policy shows within a test. */
function wrapper() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retryDelay: 10 }, mutations: { retryDelay: 10 } } });
  return function Wrapper({ children }: { children: ReactNode }) {
    return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
  };
}

/** The inline messages of a conflict or validation error; none for any other outcome. */
function fieldsOf(formError: FormError | null): FieldMessages {
  return formError?.kind === 'conflict' || formError?.kind === 'validation' ? formError.fields : {};
}

/** Renders useCreateWorkflow, sends one create and waits for it to settle. */
async function submit(client: WorkflowsClient, body: CreateWorkflowBody) {
  const { result } = renderHook(() => useCreateWorkflow(client), { wrapper: wrapper() });
  act(() => {
    result.current.mutate(body);
  });
  await waitFor(() => {
    expect(result.current.isSuccess || result.current.isError).toBe(true);
  });
  return result.current;
}

describe('useCreateWorkflow', () => {
  let writer: WorkflowsClient;

  beforeAll(async () => {
    writer = clientWith(await mintToken(backend));
  });

  it('gives the created workflow and no form error', async () => {
    const body = aScheduleWorkflow();

    const outcome = await submit(writer, body);

    expect(outcome.isSuccess).toBe(true);
    expect(outcome.data).toMatchObject({ name: body.name, trigger_config: body.trigger_config });
    expect(outcome.formError).toBeNull();
  });

  it('maps a duplicate name to an error on name with the existing workflow id', async () => {
    const body = aScheduleWorkflow();
    const first = await writer.createWorkflow(body);

    const outcome = await submit(writer, body);

    expect(outcome.formError).toMatchObject({ kind: 'conflict', existingWorkflowId: first.id });
    expect(Object.keys(fieldsOf(outcome.formError))).toEqual(['name']);
  });

  it('maps 422 to messages keyed by field path', async () => {
    const outcome = await submit(writer, aScheduleWorkflow({ trigger_config: { cron: '61 * * * *' } }));

    expect(outcome.formError?.kind).toBe('validation');
    expect(Object.keys(fieldsOf(outcome.formError))).toEqual(['trigger_config.cron']);
  });

  it('maps 429 to the seconds until a retry and a message saying so', async () => {
    const limitedBackend = inject('limitedBackend');
    const client = clientWith(await mintToken(limitedBackend), limitedBackend.url);
    for (let created = 0; created < LIMITED_CREATES; created += 1) await client.createWorkflow(aScheduleWorkflow());

    const outcome = await submit(client, aScheduleWorkflow());

    const formError = outcome.formError;
    expect(formError?.kind).toBe('rate-limited');
    const seconds = formError?.kind === 'rate-limited' ? formError.retryAfterSeconds : null;
    expect(seconds).toBeGreaterThan(0);
    expect(formError?.message).toContain(`try again in ${seconds} second`);
  });

  it('maps 401 to an auth error', async () => {
    const outcome = await submit(clientWith('not-a-token'), aScheduleWorkflow());

    expect(outcome.formError).toMatchObject({ kind: 'auth', status: 401 });
  });

  it('maps 403 to an auth error', async () => {
    const reader = clientWith(await mintToken(backend, aUser(['org:workflows:read'])));

    const outcome = await submit(reader, aScheduleWorkflow());

    expect(outcome.formError).toMatchObject({ kind: 'auth', status: 403 });
  });

  it('maps a refused connection to a retryable network error, after retrying it with its Idempotency-Key', async () => {
    const outcome = await submit(clientWith('any', `http://127.0.0.1:${await freePort()}`), aScheduleWorkflow());

    expect(outcome.formError).toMatchObject({ kind: 'network', retryable: true });
    // The first attempt and three retries: safe, since the key makes a repeat replay the first answer.
    expect(outcome.failureCount).toBe(4);
  });
});

describe('useWorkflow', () => {
  it('loads a created workflow', async () => {
    const client = clientWith(await mintToken(backend));
    const created = await client.createWorkflow(aScheduleWorkflow());

    const { result } = renderHook(() => useWorkflow(client, created.id), { wrapper: wrapper() });

    await waitFor(() => {
      expect(result.current.isSuccess).toBe(true);
    });
    expect(result.current.data).toEqual(created);
  });

  it('fetches nothing without an id', () => {
    const { result } = renderHook(() => useWorkflow(clientWith(null), undefined), { wrapper: wrapper() });

    expect(result.current.fetchStatus).toBe('idle');
  });

  it('does not retry a 404', async () => {
    const client = clientWith(await mintToken(backend));
    const unknownId = crypto.randomUUID();

    const { result } = renderHook(() => useWorkflow(client, unknownId), { wrapper: wrapper() });

    await waitFor(() => {
      expect(result.current.isError).toBe(true);
    });
    expect(result.current.failureCount).toBe(1);
    expect(result.current.formError).toMatchObject({ kind: 'other' });
  });

  it('retries a network failure before giving up', async () => {
    const client = clientWith('any', `http://127.0.0.1:${await freePort()}`);
    const id = crypto.randomUUID();

    const { result } = renderHook(() => useWorkflow(client, id), { wrapper: wrapper() });

    await waitFor(() => {
      expect(result.current.isError).toBe(true);
    });
    // The first attempt and three retries.
    expect(result.current.failureCount).toBe(4);
    expect(result.current.formError).toMatchObject({ kind: 'network', retryable: true });
  });
});
