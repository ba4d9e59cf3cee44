export { ApiError, isApiError, type ApiErrorKind, type FieldError } from './api-error.js';
export { createWorkflowsClient, type CreateWorkflowBody, type GetToken, type Workflow, type WorkflowsClient, type WorkflowsClientOptions } from './client.js';
export { retryTransient, toFormError, useCreateWorkflow, useWorkflow, workflowKeys, type FieldMessages, type FormError } from './hooks.js';
