import { useQueryClient, type MutateOptions, type UseMutationResult } from '@tanstack/react-query';
import { useRef } from 'react';
import type { ApiError } from './api-error.js';
import type { CreateWorkflowBody, DuplicateWorkflowBody, Workflow, WorkflowPatch, WorkflowReplacement, WorkflowsClient } from './client.js';
import { toFormError, type FormError } from './form-error.js';
import { ifMatch, ifMatchHeader, invalidateAccount, retryTransient, scopeOf, useAccountScope, type Version } from './hooks.js';

/*
 * The hooks that change workflows: each sends If-Match when given a version, refreshes what the
 * account reads afterwards, and exposes a form-ready error.
 */

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
