// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, configure, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  accountOfToken,
  ApiError,
  createWorkflowsClient,
  useActivateWorkflow,
  useArchiveWorkflow,
  useAuditLogs,
  useCreateWorkflow,
  useDeleteWorkflow,
  useDuplicateWorkflow,
  usePauseWorkflow,
  useReplaceWorkflow,
  useRestoreWorkflow,
  useRestoreWorkflowVersion,
  useUnarchiveWorkflow,
  useUpdateWorkflow,
  useWorkflow,
  useWorkflows,
  useWorkflowVersion,
  useWorkflowVersions,
  type Workflow,
  type WorkflowMutation,
  type WorkflowsClient,
} from '../../src/api/index.js';
import { aName, aScheduleWorkflow } from '../support/builders.js';
import { aUser, mintToken } from '../support/tokens.js';

const backend = inject('backend');

configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
});

const EVERYTHING = ['org:workflows:create', 'org:workflows:read', 'org:workflows:update', 'org:workflows:delete', 'org:audit:read'];

function clientWith(token: string | null, fetchImpl?: (request: Request) => Promise<Response>): WorkflowsClient {
  return createWorkflowsClient({ baseUrl: backend.url, getToken: () => Promise.resolve(token), ...(fetchImpl && { fetch: fetchImpl }) });
}

function wrapperFor(queryClient: QueryClient) {
  return function Wrapper({ children }: { children: ReactNode }) {
    return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
  };
}

const aQueryClient = () => new QueryClient({ defaultOptions: { queries: { retryDelay: 10 }, mutations: { retryDelay: 10 } } });

/** Renders a mutation hook, runs it once with `variables` and waits for it to settle. */
async function run<TData, TVariables>(useHook: () => WorkflowMutation<TData, TVariables>, variables: TVariables, queryClient = aQueryClient()) {
  const { result } = renderHook(useHook, { wrapper: wrapperFor(queryClient) });
  act(() => {
    result.current.mutate(variables);
  });
  await waitFor(() => {
    expect(result.current.isSuccess || result.current.isError).toBe(true);
  });
  return result.current;
}

async function failureOf(call: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await call.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('workflow hooks against the real backend', () => {
  let client: WorkflowsClient;

  // A fresh user and organization per test: writes are rate-limited per user and account.
  beforeEach(async () => {
    client = clientWith(await mintToken(backend, aUser(EVERYTHING)));
  });

  const create = (name = aName()) => client.createWorkflow(aScheduleWorkflow({ name }));

  it('sends list filters of several values as the comma lists the API reads', async () => {
    const prefix = aName('Filtered');
    const draft = await create(`${prefix} draft`);
    const active = await create(`${prefix} active`);
    await create(`${prefix} archived`).then((workflow) => client.fetchClient.POST('/api/v1/workflows/{id}/archive', { params: { path: { id: workflow.id } } }));
    await client.fetchClient.POST('/api/v1/workflows/{id}/activate', { params: { path: { id: active.id } } });

    const { result } = renderHook(() => useWorkflows(client, { q: prefix, status: ['draft', 'active'], trigger_type: ['schedule'], sort: 'name' }), { wrapper: wrapperFor(aQueryClient()) });
    await waitFor(() => {
      expect(result.current.isSuccess).toBe(true);
    });

    expect(result.current.data?.pages[0]?.data.map((workflow) => workflow.id)).toEqual([active.id, draft.id]);
  });

  it('pages the list as an infinite query over next_cursor', async () => {
    const prefix = aName('Paged');
    for (let index = 0; index < 3; index += 1) await create(`${prefix} ${index}`);

    const { result } = renderHook(() => useWorkflows(client, { q: prefix, limit: 2, sort: 'name' }), { wrapper: wrapperFor(aQueryClient()) });
    await waitFor(() => {
      expect(result.current.isSuccess).toBe(true);
    });
    expect(result.current.data?.pages[0]?.data.map((workflow) => workflow.name)).toEqual([`${prefix} 0`, `${prefix} 1`]);
    expect(result.current.hasNextPage).toBe(true);

    await act(() => result.current.fetchNextPage());

    await waitFor(() => {
      expect(result.current.data?.pages).toHaveLength(2);
    });
    expect(result.current.data?.pages[1]?.data.map((workflow) => workflow.name)).toEqual([`${prefix} 2`]);
    expect(result.current.hasNextPage).toBe(false);
  });

  it('gets one workflow', async () => {
    const created = await create();

    const { result } = renderHook(() => useWorkflow(client, created.id), { wrapper: wrapperFor(aQueryClient()) });

    await waitFor(() => {
      expect(result.current.data).toEqual(created);
    });
  });

  it('sends an Idempotency-Key with a create; a retry after a lost answer replays the first create', async () => {
    const token = await mintToken(backend, aUser(EVERYTHING));
    const keys: (string | null)[] = [];
    let lostOnce = false;
    const losing = clientWith(token, async (request) => {
      keys.push(request.headers.get('idempotency-key'));
      const response = await fetch(request);
      // The first answer is lost on the way back, after the server created the workflow.
      if (!lostOnce) {
        lostOnce = true;
        throw new TypeError('connection reset');
      }
      return response;
    });
    const body = aScheduleWorkflow();

    const outcome = await run(() => useCreateWorkflow(losing), body);

    expect(outcome.isSuccess).toBe(true);
    expect(outcome.failureCount).toBe(0);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    const { data } = await losing.fetchClient.GET('/api/v1/workflows', { params: { query: { q: body.name } } });
    expect(data?.data.map((workflow) => workflow.id)).toEqual([outcome.data?.id]);
  });

  it('replays a create sent again with the same key through the client', async () => {
    const body = aScheduleWorkflow();
    const key = crypto.randomUUID();

    const first = await client.fetchClient.POST('/api/v1/workflows', { params: { header: { 'idempotency-key': key } }, body });
    const again = await client.fetchClient.POST('/api/v1/workflows', { params: { header: { 'idempotency-key': key } }, body });

    expect(again.data).toEqual(first.data);
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');
  });

  it('patches with If-Match from the version read, and maps a stale version to an edit conflict with the current version', async () => {
    const created = await create();
    const seen: (string | null)[] = [];
    const recording = clientWith(await mintToken(backend, aUser(EVERYTHING)), (request) => {
      seen.push(request.headers.get('if-match'));
      return fetch(request);
    });
    const own = await recording.createWorkflow(aScheduleWorkflow());

    const patched = await run(() => useUpdateWorkflow(recording, own.id, own.version), { description: 'first edit' });
    expect(patched.data).toMatchObject({ description: 'first edit', version: 2 });
    expect(seen.at(-1)).toBe('"1"');

    const stale = await run(() => useUpdateWorkflow(recording, own.id, own.version), { description: 'stale edit' });
    expect(stale.error).toMatchObject({ status: 412, code: 'PRECONDITION_FAILED', currentVersion: 2, etag: '"2"' });
    expect(stale.formError).toMatchObject({ kind: 'edit-conflict', currentVersion: 2, etag: '"2"' });
    expect(stale.formError?.message).toContain('changed since you opened it');

    const overwritten = await run(() => useUpdateWorkflow(recording, own.id, '*'), { description: 'overwrite' });
    expect(overwritten.data).toMatchObject({ description: 'overwrite', version: 3 });
    expect(seen.at(-1)).toBe('*');

    const replaced = await run(() => useReplaceWorkflow(client, created.id, created.version), { name: created.name, description: 'replaced' });
    expect(replaced.data).toMatchObject({ description: 'replaced', trigger_type: null, version: 2 });
  });

  it('maps 428 when an edit names no version', async () => {
    const created = await create();

    const error = await failureOf(
      client.fetchClient.PATCH('/api/v1/workflows/{id}', { params: { path: { id: created.id }, header: {} as { 'if-match': string } }, body: { description: 'x' } }),
    );

    expect(error).toMatchObject({ status: 428, code: 'PRECONDITION_REQUIRED' });
  });

  it('tells each 409 apart by its code', async () => {
    const taken = await create();
    const other = await create();

    const rename = await run(() => useUpdateWorkflow(client, other.id, other.version), { name: taken.name });
    expect(rename.formError).toMatchObject({ kind: 'conflict', existingWorkflowId: taken.id });
    expect(rename.formError?.kind === 'conflict' ? Object.keys(rename.formError.fields) : []).toEqual(['name']);

    const pause = await run(() => usePauseWorkflow(client, other.id), undefined);
    expect(pause.error).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', workflowStatus: 'draft' });
    expect(pause.formError).toMatchObject({ kind: 'invalid-transition', status: 'draft' });
    expect(pause.formError?.kind === 'invalid-transition' ? pause.formError.allowedActions : []).toEqual(['activate', 'archive']);

    const archived = await run(() => useArchiveWorkflow(client, other.id), undefined);
    const edit = await run(() => useUpdateWorkflow(client, other.id, archived.data?.version ?? 0), { description: 'no' });
    expect(edit.error).toMatchObject({ code: 'WORKFLOW_ARCHIVED' });
    expect(edit.formError).toMatchObject({ kind: 'archived' });
  });

  it('treats IDEMPOTENCY_KEY_IN_USE as a retryable in-progress error', async () => {
    const body = aScheduleWorkflow();
    const key = crypto.randomUUID();
    const send = () => client.fetchClient.POST('/api/v1/workflows', { params: { header: { 'idempotency-key': key } }, body }).then(
      () => null,
      (error: unknown) => error,
    );

    const outcomes = await Promise.all(Array.from({ length: 6 }, send));

    const inUse = outcomes.filter((outcome): outcome is ApiError => outcome instanceof ApiError && outcome.code === 'IDEMPOTENCY_KEY_IN_USE');
    // The server may finish each before the next arrives; when one overlaps, it is retryable.
    for (const error of inUse) {
      expect(error.retryable).toBe(true);
      expect(error.status).toBe(409);
    }
    expect(outcomes.filter((outcome) => outcome !== null && !inUse.includes(outcome as ApiError))).toEqual([]);
  });

  it('deletes a workflow and restores it', async () => {
    const created = await create();

    const deleted = await run(() => useDeleteWorkflow(client, created.id, created.version), undefined);
    expect(deleted.isSuccess).toBe(true);
    await expect(client.getWorkflow(created.id)).rejects.toMatchObject({ status: 404 });

    const { result: trash } = renderHook(() => useWorkflows(client, { deleted: true, q: created.name }), { wrapper: wrapperFor(aQueryClient()) });
    await waitFor(() => {
      expect(trash.current.data?.pages[0]?.data.map((workflow) => workflow.id)).toEqual([created.id]);
    });

    const restored = await run(() => useRestoreWorkflow(client, created.id), undefined);
    expect(restored.data).toMatchObject({ id: created.id, deleted_at: null, status: 'draft' });
  });

  it('runs the lifecycle: activate, pause, archive, unarchive', async () => {
    const created = await create();

    const active = await run(() => useActivateWorkflow(client, created.id, created.version), undefined);
    expect(active.data).toMatchObject({ status: 'active', version: 2 });
    const paused = await run(() => usePauseWorkflow(client, created.id, 2), undefined);
    expect(paused.data?.status).toBe('paused');
    const archived = await run(() => useArchiveWorkflow(client, created.id), undefined);
    expect(archived.data?.status).toBe('archived');
    const unarchived = await run(() => useUnarchiveWorkflow(client, created.id), undefined);
    expect(unarchived.data?.status).toBe('draft');

    const stale = await run(() => useActivateWorkflow(client, created.id, 1), undefined);
    expect(stale.formError).toMatchObject({ kind: 'edit-conflict', currentVersion: 5 });
  });

  it('duplicates a workflow with an Idempotency-Key, named "(copy)" by default', async () => {
    const keys: (string | null)[] = [];
    const recording = clientWith(await mintToken(backend, aUser(EVERYTHING)), (request) => {
      keys.push(request.headers.get('idempotency-key'));
      return fetch(request);
    });
    const source = await recording.createWorkflow(aScheduleWorkflow());

    const copy = await run(() => useDuplicateWorkflow(recording, source.id), undefined);
    const named = await run(() => useDuplicateWorkflow(recording, source.id), { name: `${source.name} EMEA` });

    expect(copy.data).toMatchObject({ name: `${source.name} (copy)`, status: 'draft', trigger_config: source.trigger_config });
    expect(named.data?.name).toBe(`${source.name} EMEA`);
    expect(keys.slice(1)).toEqual([expect.any(String), expect.any(String)]);
    expect(keys[1]).not.toBe(keys[2]);
  });

  it('lists versions, reads one and restores it', async () => {
    const created = await create();
    const patched = await run(() => useUpdateWorkflow(client, created.id, 1), { description: 'second' });
    expect(patched.isSuccess).toBe(true);

    const { result: versions } = renderHook(() => useWorkflowVersions(client, created.id, { limit: 1 }), { wrapper: wrapperFor(aQueryClient()) });
    await waitFor(() => {
      expect(versions.current.isSuccess).toBe(true);
    });
    await act(() => versions.current.fetchNextPage());
    await waitFor(() => {
      expect(versions.current.data?.pages.flatMap((page) => page.data.map((version) => version.version))).toEqual([2, 1]);
    });

    const { result: first } = renderHook(() => useWorkflowVersion(client, created.id, 1), { wrapper: wrapperFor(aQueryClient()) });
    await waitFor(() => {
      expect(first.current.data).toMatchObject({ version: 1, action: 'workflow.created', description: '' });
    });

    const restored = await run(() => useRestoreWorkflowVersion(client, created.id, 2), 1);
    expect(restored.data).toMatchObject({ version: 3, description: '' });
  });

  it('reads the audit log of the account', async () => {
    const created = await create();
    await run(() => useArchiveWorkflow(client, created.id), undefined);

    const { result } = renderHook(() => useAuditLogs(client, { entity_id: created.id }), { wrapper: wrapperFor(aQueryClient()) });

    await waitFor(() => {
      expect(result.current.data?.pages[0]?.data.map((entry) => entry.action)).toEqual(['workflow.archived', 'workflow.created']);
    });
  });

  it('refreshes the affected queries after a mutation', async () => {
    const created = await create();
    const queryClient = aQueryClient();
    const { result: shown } = renderHook(() => useWorkflow(client, created.id), { wrapper: wrapperFor(queryClient) });
    await waitFor(() => {
      expect(shown.current.data?.version).toBe(1);
    });

    await run(() => useActivateWorkflow(client, created.id, 1), undefined, queryClient);

    await waitFor(() => {
      expect(shown.current.data).toMatchObject({ status: 'active', version: 2 });
    });
  });
});

describe('cache scoped by account', () => {
  it('reads the organization from the token payload without verifying it', async () => {
    const claims = aUser();
    const token = await mintToken(backend, claims);
    const v1 = `x.${btoa(JSON.stringify({ org_id: 'org_v1' })).replace(/=+$/, '')}.y`;

    expect(accountOfToken(token)).toContain(claims.org);
    expect(accountOfToken(v1)).toBe('org_v1');
    expect(accountOfToken(null)).not.toBe(accountOfToken(token));
  });

  it('never shows one organization the cached workflows of another on one QueryClient', async () => {
    const [tokenA, tokenB] = await Promise.all([mintToken(backend, aUser(EVERYTHING)), mintToken(backend, aUser(EVERYTHING))]);
    const workflowA = await clientWith(tokenA).createWorkflow(aScheduleWorkflow());
    const workflowB = await clientWith(tokenB).createWorkflow(aScheduleWorkflow());
    const queryClient = aQueryClient();
    // One client whose token changes, as when a user switches organization and nobody clears the cache.
    let token = tokenA;
    const switching = createWorkflowsClient({ baseUrl: backend.url, getToken: () => Promise.resolve(token) });
    const seen: Workflow[][] = [];

    const { result, rerender } = renderHook(
      () => {
        const list = useWorkflows(switching);
        const page = list.data?.pages[0]?.data;
        if (page !== undefined) seen.push(page);
        return list;
      },
      { wrapper: wrapperFor(queryClient) },
    );
    await waitFor(() => {
      expect(result.current.data?.pages[0]?.data.map((workflow) => workflow.id)).toEqual([workflowA.id]);
    });
    const seenUnderA = seen.length;

    token = tokenB;
    rerender();

    await waitFor(() => {
      expect(result.current.data?.pages[0]?.data.map((workflow) => workflow.id)).toEqual([workflowB.id]);
    });
    // After the switch was noticed, A's page was never shown again: every later render is A's last one or B's.
    const afterSwitch = seen.slice(seenUnderA).filter((page) => page.some((workflow) => workflow.id === workflowA.id));
    expect(afterSwitch.length).toBeLessThanOrEqual(1);

    // A second client of org A on the same cache sees A's data only, from its own entry.
    const { result: again } = renderHook(() => useWorkflows(clientWith(tokenA)), { wrapper: wrapperFor(queryClient) });
    await waitFor(() => {
      expect(again.current.data?.pages[0]?.data.map((workflow) => workflow.id)).toEqual([workflowA.id]);
    });
    const accounts = queryClient.getQueryCache().getAll().filter((query) => query.state.data !== undefined).map((query) => (query.queryKey[2] as { account: string }).account);
    expect(new Set(accounts)).toEqual(new Set([accountOfToken(tokenA), accountOfToken(tokenB)]));
  });

  it('refuses to fill an entry of one organization with the data of another', async () => {
    const [tokenA, tokenB] = await Promise.all([mintToken(backend), mintToken(backend)]);
    let token = tokenA;
    const switching = createWorkflowsClient({ baseUrl: backend.url, getToken: () => token });
    token = tokenB;

    const error = await failureOf(
      switching.fetchClient.GET('/api/v1/workflows', { account: accountOfToken(tokenA) } as Parameters<typeof switching.fetchClient.GET>[1]),
    );

    expect(error).toMatchObject({ kind: 'account-changed', code: 'ACCOUNT_CHANGED', retryable: false });
  });
});
