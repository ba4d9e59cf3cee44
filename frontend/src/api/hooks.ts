import { skipToken, useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query';
import { ApiError } from './api-error.js';
import type { CreateWorkflowBody, Workflow, WorkflowsClient } from './client.js';
import { toFormError, type FormError } from './form-error.js';

export { toFormError, type FieldMessages, type FormError } from './form-error.js';

/** Cache keys carry the service's address so two clients on one QueryClient never share entries. */
export const workflowKeys = {
  all: (client: WorkflowsClient) => ['workflows', client.baseUrl] as const,
  detail: (client: WorkflowsClient, id: string) => [...workflowKeys.all(client), id] as const,
};

const MAX_RETRIES = 3;

/**
 * Retries only what may succeed unchanged: no answer, or 503. A 4xx will answer the same again,
 * and a 429 names its own wait, which a blind retry would only extend.
 */
export function retryTransient(failureCount: number, error: unknown): boolean {
  return failureCount < MAX_RETRIES && error instanceof ApiError && error.retryable;
}

export type CreateWorkflowResult = UseMutationResult<Workflow, ApiError, CreateWorkflowBody> & { readonly formError: FormError | null };
export type WorkflowResult = UseQueryResult<Workflow, ApiError> & { readonly formError: FormError | null };

export function useCreateWorkflow(client: WorkflowsClient): CreateWorkflowResult {
  const queryClient = useQueryClient();
  const mutation = useMutation<Workflow, ApiError, CreateWorkflowBody>({
    mutationFn: (body) => client.createWorkflow(body),
    // A create is not idempotent: retrying after a lost answer could make a 409 of our own success.
    retry: false,
    onSuccess: (workflow) => {
      queryClient.setQueryData(workflowKeys.detail(client, workflow.id), workflow);
    },
  });
  return { ...mutation, formError: toFormError(mutation.error) };
}

/** Loads one workflow; pass undefined to wait (nothing is fetched until there is an id). */
export function useWorkflow(client: WorkflowsClient, id: string | undefined): WorkflowResult {
  const query = useQuery<Workflow, ApiError>({
    queryKey: workflowKeys.detail(client, id ?? ''),
    queryFn: id === undefined ? skipToken : ({ signal }) => client.getWorkflow(id, { signal }),
    retry: retryTransient,
  });
  return { ...query, formError: toFormError(query.error) };
}
