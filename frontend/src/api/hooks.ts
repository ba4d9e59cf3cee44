import { type InfiniteData, type QueryClient, type UseInfiniteQueryResult, type UseQueryResult } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError } from './api-error.js';
import { accountOfToken } from './account-scope.js';
import type {
  AuditEntryPage,
  Workflow,
  WorkflowPage,
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

export const ifMatch = (version: Version): string => (version === '*' ? '*' : `"${version}"`);
export const ifMatchHeader = (version: Version | undefined) => (version === undefined ? {} : { header: { 'if-match': ifMatch(version) } });

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
export const scopeOf = (client: WorkflowsClient, account: string | undefined) => ({ service: client.baseUrl, account: account ?? '' });

type ScopedKey = readonly [string, string, { readonly service?: unknown; readonly account?: unknown }?];

/** Marks stale every cached read of this service and account; active ones refetch. */
export function invalidateAccount(queryClient: QueryClient, client: WorkflowsClient, account: string | undefined): Promise<void> {
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

