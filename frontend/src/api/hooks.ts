import {
  useQueryClient,
  type InfiniteData,
  type MutateOptions,
  type QueryClient,
  type UseInfiniteQueryResult,
  type UseMutationResult,
  type UseQueryResult,
} from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from './api-error.js';
import { accountOfToken } from './account-scope.js';
import type {
  AuditEntryPage,
  CreateWorkflowBody,
  DuplicateWorkflowBody,
  Workflow,
  WorkflowPage,
  WorkflowPatch,
  WorkflowReplacement,
  WorkflowsClient,
  WorkflowVersion,
  WorkflowVersionPage,
} from './client.js';
import { toFormError, type FormError } from './form-error.js';
import type { operations } from './schema.js';

export { toFormError, type FieldMessages, type FormError } from './form-error.js';

const MAX_RETRIES = 3;

/**
 * Retries only what may succeed unchanged: no answer, 503, or a key still in use. A 4xx will answer
 * the same again, and a 429 names its own wait, which a blind retry would only extend.
 */
export function retryTransient(failureCount: number, error: unknown): boolean {
  return failureCount < MAX_RETRIES && error instanceof ApiError && error.retryable;
}

/** The version an edit was read at (sent as `If-Match: "<version>"`), or `'*'` to overwrite whatever is there. */
export type Version = number | '*';

const ifMatch = (version: Version): string => (version === '*' ? '*' : `"${version}"`);
const ifMatchHeader = (version: Version | undefined) => (version === undefined ? {} : { header: { 'if-match': ifMatch(version) } });

/**
 * The organization of the current token, read after every render (Clerk's getToken answers from its
 * cache), so a switch of organization moves every query onto keys of the new account at once.
 */
export function useAccountScope(client: WorkflowsClient): string | undefined {
  const [account, setAccount] = useState<string | undefined>(() => {
    const token = client.getToken();
    return token instanceof Promise ? undefined : accountOfToken(token);
  });
  useEffect(() => {
    let live = true;
    Promise.resolve(client.getToken()).then(
      (token) => {
        if (live) setAccount(accountOfToken(token));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  });
  return account;
}

/** The members every query key carries besides the request: the service and the account it is for. */
const scopeOf = (client: WorkflowsClient, account: string | undefined) => ({ service: client.baseUrl, account: account ?? '' });

type ScopedKey = readonly [string, string, { readonly service?: unknown; readonly account?: unknown }?];

/** Marks stale every cached read of this service and account; active ones refetch. */
function invalidateAccount(queryClient: QueryClient, client: WorkflowsClient, account: string | undefined): Promise<void> {
  return queryClient.invalidateQueries({
    predicate: ({ queryKey }) => {
      const init = (queryKey as unknown as ScopedKey)[2];
      return init?.service === client.baseUrl && init.account === (account ?? '');
    },
  });
}

type WithFormError<T> = T & { readonly formError: FormError | null };

// ---------------------------------------------------------------------------------------------
// Queries

export type ListWorkflowsQuery = Omit<NonNullable<operations['listWorkflows']['parameters']['query']>, 'cursor'>;
export type ListVersionsQuery = Omit<NonNullable<operations['listWorkflowVersions']['parameters']['query']>, 'cursor'>;
export type ListAuditLogsQuery = Omit<NonNullable<operations['listAuditLogs']['parameters']['query']>, 'cursor'>;

export type WorkflowResult = WithFormError<UseQueryResult<Workflow, ApiError>>;
export type WorkflowVersionResult = WithFormError<UseQueryResult<WorkflowVersion, ApiError>>;
export type WorkflowsResult = WithFormError<UseInfiniteQueryResult<InfiniteData<WorkflowPage>, ApiError>>;
export type WorkflowVersionsResult = WithFormError<UseInfiniteQueryResult<InfiniteData<WorkflowVersionPage>, ApiError>>;
export type AuditLogsResult = WithFormError<UseInfiniteQueryResult<InfiniteData<AuditEntryPage>, ApiError>>;

// The middleware throws ApiError for every failure, so the error type is ApiError, not the problem body.
const withFormError = <R>(result: { readonly error: unknown }): WithFormError<R> =>
  ({ ...result, formError: toFormError(result.error) }) as unknown as WithFormError<R>;

/** The next page's cursor; none after the last page. */
const nextCursor = (page: { readonly next_cursor: string | null }) => page.next_cursor ?? undefined;
const paging = { pageParamName: 'cursor', initialPageParam: null, getNextPageParam: nextCursor, retry: retryTransient } as const;

/** The account's workflows (or, with `deleted: 'true'`, its trash), a page at a time: `fetchNextPage()` reads on. */
export function useWorkflows(client: WorkflowsClient, query: ListWorkflowsQuery = {}): WorkflowsResult {
  const account = useAccountScope(client);
  const result = client.$api.useInfiniteQuery(
    'get',
    '/api/v1/workflows',
    { params: { query }, ...scopeOf(client, account) },
    { ...paging, enabled: account !== undefined },
  );
  return withFormError(result);
}

/** Loads one workflow; pass undefined to wait (nothing is fetched until there is an id). */
export function useWorkflow(client: WorkflowsClient, id: string | undefined): WorkflowResult {
  const account = useAccountScope(client);
  const result = client.$api.useQuery(
    'get',
    '/api/v1/workflows/{id}',
    { params: { path: { id: id ?? '' } }, ...scopeOf(client, account) },
    { enabled: id !== undefined && account !== undefined, retry: retryTransient },
  );
  return withFormError(result);
}

/** A workflow's versions, newest first, a page at a time. */
export function useWorkflowVersions(client: WorkflowsClient, id: string | undefined, query: ListVersionsQuery = {}): WorkflowVersionsResult {
  const account = useAccountScope(client);
  const result = client.$api.useInfiniteQuery(
    'get',
    '/api/v1/workflows/{id}/versions',
    { params: { path: { id: id ?? '' }, query }, ...scopeOf(client, account) },
    { ...paging, enabled: id !== undefined && account !== undefined },
  );
  return withFormError(result);
}

/** One version of a workflow, as it was. */
export function useWorkflowVersion(client: WorkflowsClient, id: string | undefined, version: number | undefined): WorkflowVersionResult {
  const account = useAccountScope(client);
  const result = client.$api.useQuery(
    'get',
    '/api/v1/workflows/{id}/versions/{version}',
    { params: { path: { id: id ?? '', version: version ?? 0 } }, ...scopeOf(client, account) },
    { enabled: id !== undefined && version !== undefined && account !== undefined, retry: retryTransient },
  );
  return withFormError(result);
}

/** The account's audit log, newest first, a page at a time (needs org:audit:read). */
export function useAuditLogs(client: WorkflowsClient, query: ListAuditLogsQuery = {}): AuditLogsResult {
  const account = useAccountScope(client);
  const result = client.$api.useInfiniteQuery('get', '/api/v1/audit-logs', { params: { query }, ...scopeOf(client, account) }, { ...paging, enabled: account !== undefined });
  return withFormError(result);
}

// ---------------------------------------------------------------------------------------------
// Mutations

/**
 * A mutation whose `mutate` takes what the caller knows (a body, a version number, nothing) rather
 * than the request init; `variables` and the callbacks' variables are the request init sent.
 */
export type WorkflowMutation<TData, TVariables, TInit = unknown> = Omit<UseMutationResult<TData, ApiError, TInit>, 'mutate' | 'mutateAsync'> & {
  readonly mutate: (variables: TVariables, options?: MutateOptions<TData, ApiError, TInit>) => void;
  readonly mutateAsync: (variables: TVariables, options?: MutateOptions<TData, ApiError, TInit>) => Promise<TData>;
  readonly formError: FormError | null;
};

function adapt<TData, TVariables, TInit>(
  mutation: UseMutationResult<TData, ApiError, TInit>,
  toInit: (variables: TVariables) => TInit,
): WorkflowMutation<TData, TVariables, TInit> {
  return {
    ...mutation,
    mutate: (variables, options) => {
      if (options === undefined) mutation.mutate(toInit(variables));
      else mutation.mutate(toInit(variables), options);
    },
    mutateAsync: (variables, options) => (options === undefined ? mutation.mutateAsync(toInit(variables)) : mutation.mutateAsync(toInit(variables), options)),
    formError: toFormError(mutation.error),
  };
}

// The casts below narrow the library's error type (the problem body) to the ApiError the middleware throws.

/** After a change: the changed workflow into its cache entry, and every read of the account marked stale. */
function useOnChange(client: WorkflowsClient) {
  const queryClient = useQueryClient();
  const account = useAccountScope(client);
  return (workflow: Workflow | undefined) => {
    if (workflow !== undefined) {
      queryClient.setQueryData(['get', '/api/v1/workflows/{id}', { params: { path: { id: workflow.id } }, ...scopeOf(client, account) }], workflow);
    }
    return invalidateAccount(queryClient, client, account);
  };
}

/**
 * One Idempotency-Key per logical submit: the same body submitted again after a failure (a retry,
 * automatic or by the user) reuses it, so a create whose answer was lost is replayed, not repeated.
 * A success ends the submit; the next one gets a new key.
 */
function useIdempotencyKey() {
  const last = useRef<{ readonly body: string; readonly key: string } | null>(null);
  return {
    keyFor(body: unknown): string {
      const serialized = JSON.stringify(body ?? null);
      if (last.current?.body !== serialized) last.current = { body: serialized, key: crypto.randomUUID() };
      return last.current.key;
    },
    done() {
      last.current = null;
    },
  };
}

export function useCreateWorkflow(client: WorkflowsClient): WorkflowMutation<Workflow, CreateWorkflowBody> {
  const onChange = useOnChange(client);
  const idempotency = useIdempotencyKey();
  const mutation = client.$api.useMutation('post', '/api/v1/workflows', {
    // Safe to retry: the Idempotency-Key makes a repeat replay the first answer.
    retry: retryTransient,
    onSuccess: (workflow) => {
      idempotency.done();
      return onChange(workflow);
    },
  });
  return adapt(mutation as unknown as UseMutationResult<Workflow, ApiError>, (body: CreateWorkflowBody) => ({
    params: { header: { 'idempotency-key': idempotency.keyFor(body) } },
    body,
  }));
}

/** Copies a workflow (`mutate()` names it "<name> (copy)", `mutate({ name })` names it). */
export function useDuplicateWorkflow(client: WorkflowsClient, id: string): WorkflowMutation<Workflow, DuplicateWorkflowBody | undefined> {
  const onChange = useOnChange(client);
  const idempotency = useIdempotencyKey();
  const mutation = client.$api.useMutation('post', '/api/v1/workflows/{id}/duplicate', {
    retry: retryTransient,
    onSuccess: (workflow) => {
      idempotency.done();
      return onChange(workflow);
    },
  });
  return adapt(mutation as unknown as UseMutationResult<Workflow, ApiError>, (body: DuplicateWorkflowBody | undefined) => ({
    params: { path: { id }, header: { 'idempotency-key': idempotency.keyFor({ id, body }) } },
    ...(body !== undefined && { body }),
  }));
}

/** JSON Merge Patch of a workflow read at `version` (`'*'` overwrites); a stale version is a 412 `edit-conflict`. */
export function useUpdateWorkflow(client: WorkflowsClient, id: string, version: Version): WorkflowMutation<Workflow, WorkflowPatch> {
  const onChange = useOnChange(client);
  const mutation = client.$api.useMutation('patch', '/api/v1/workflows/{id}', { retry: false, onSuccess: onChange });
  return adapt(mutation as unknown as UseMutationResult<Workflow, ApiError>, (body: WorkflowPatch) => ({
    params: { path: { id }, header: { 'if-match': ifMatch(version) } },
    body,
  }));
}

/** Full replacement of a workflow's definition read at `version` (`'*'` overwrites). */
export function useReplaceWorkflow(client: WorkflowsClient, id: string, version: Version): WorkflowMutation<Workflow, WorkflowReplacement> {
  const onChange = useOnChange(client);
  const mutation = client.$api.useMutation('put', '/api/v1/workflows/{id}', { retry: false, onSuccess: onChange });
  return adapt(mutation as unknown as UseMutationResult<Workflow, ApiError>, (body: WorkflowReplacement) => ({
    params: { path: { id }, header: { 'if-match': ifMatch(version) } },
    body,
  }));
}

/** Makes an old version current again, on the workflow read at `version`: `mutate(versionToRestore)`. */
export function useRestoreWorkflowVersion(client: WorkflowsClient, id: string, version: Version): WorkflowMutation<Workflow, number> {
  const onChange = useOnChange(client);
  const mutation = client.$api.useMutation('post', '/api/v1/workflows/{id}/versions/{version}/restore', { retry: false, onSuccess: onChange });
  return adapt(mutation as unknown as UseMutationResult<Workflow, ApiError>, (restored: number) => ({
    params: { path: { id, version: String(restored) }, header: { 'if-match': ifMatch(version) } },
  }));
}

/** Moves a workflow to the trash; with `version`, only if it is still that version. */
export function useDeleteWorkflow(client: WorkflowsClient, id: string, version?: Version): WorkflowMutation<undefined, void> {
  const queryClient = useQueryClient();
  const account = useAccountScope(client);
  const mutation = client.$api.useMutation('delete', '/api/v1/workflows/{id}', {
    retry: false,
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ['get', '/api/v1/workflows/{id}', { params: { path: { id } }, ...scopeOf(client, account) }] });
      return invalidateAccount(queryClient, client, account);
    },
  });
  return adapt(mutation as unknown as UseMutationResult<undefined, ApiError>, () => ({ params: { path: { id }, ...ifMatchHeader(version) } }));
}

type LifecyclePath =
  | '/api/v1/workflows/{id}/restore'
  | '/api/v1/workflows/{id}/activate'
  | '/api/v1/workflows/{id}/pause'
  | '/api/v1/workflows/{id}/archive'
  | '/api/v1/workflows/{id}/unarchive';

function useWorkflowAction(client: WorkflowsClient, path: LifecyclePath, id: string, version?: Version): WorkflowMutation<Workflow, void> {
  const onChange = useOnChange(client);
  const mutation = client.$api.useMutation('post', path, { retry: false, onSuccess: onChange });
  return adapt(mutation as unknown as UseMutationResult<Workflow, ApiError>, () => ({ params: { path: { id }, ...ifMatchHeader(version) } }));
}

/** Brings a workflow back from the trash (an active one comes back paused). */
export const useRestoreWorkflow = (client: WorkflowsClient, id: string, version?: Version) => useWorkflowAction(client, '/api/v1/workflows/{id}/restore', id, version);
/** draft | paused → active (needs a trigger). */
export const useActivateWorkflow = (client: WorkflowsClient, id: string, version?: Version) => useWorkflowAction(client, '/api/v1/workflows/{id}/activate', id, version);
/** active → paused. */
export const usePauseWorkflow = (client: WorkflowsClient, id: string, version?: Version) => useWorkflowAction(client, '/api/v1/workflows/{id}/pause', id, version);
/** draft | active | paused → archived (read-only). */
export const useArchiveWorkflow = (client: WorkflowsClient, id: string, version?: Version) => useWorkflowAction(client, '/api/v1/workflows/{id}/archive', id, version);
/** archived → draft. */
export const useUnarchiveWorkflow = (client: WorkflowsClient, id: string, version?: Version) => useWorkflowAction(client, '/api/v1/workflows/{id}/unarchive', id, version);
