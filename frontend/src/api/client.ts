import createFetchClient, { type Client, type Middleware } from 'openapi-fetch';
import createQueryClient, { type OpenapiQueryClient } from 'openapi-react-query';
import { accountChangedError, ApiError, networkError, problemError } from './api-error.js';
import { accountOfToken } from './account-scope.js';
import type { components, paths } from './schema.js';

type Schemas = components['schemas'];

/** The request bodies and resources exactly as the OpenAPI document describes them. */
export type CreateWorkflowBody = Schemas['CreateWorkflowRequest'];
export type WorkflowPatch = Schemas['WorkflowPatch'];
export type WorkflowReplacement = Schemas['WorkflowReplacement'];
export type DuplicateWorkflowBody = Schemas['DuplicateWorkflowRequest'];
export type Workflow = Schemas['Workflow'];
export type WorkflowPage = Schemas['WorkflowPage'];
export type WorkflowVersion = Schemas['WorkflowVersion'];
export type WorkflowVersionPage = Schemas['WorkflowVersionPage'];
export type AuditEntry = Schemas['AuditEntry'];
export type AuditEntryPage = Schemas['AuditEntryPage'];
export type Problem = Schemas['Problem'];

/** Returns the bearer token, or null to send none (Clerk's `useAuth().getToken` fits). */
export type GetToken = () => Promise<string | null> | string | null;

export interface WorkflowsClientOptions {
  /** Origin of the service, e.g. `https://api.example.com`; paths already start with `/api/v1`. */
  readonly baseUrl: string;
  readonly getToken: GetToken;
  /** Defaults to the global fetch, looked up at each call so test environments can swap it. */
  readonly fetch?: (request: Request) => Promise<Response>;
}

export interface RequestOptions {
  readonly signal?: AbortSignal;
}

export interface WorkflowsClient {
  readonly baseUrl: string;
  readonly getToken: GetToken;
  /** The openapi-fetch client: every failure rejects with an ApiError (no `error` is ever returned). */
  readonly fetchClient: Client<paths>;
  /** openapi-react-query over `fetchClient`; the hooks in hooks.ts are built on it. */
  readonly $api: OpenapiQueryClient<paths>;
  createWorkflow(body: CreateWorkflowBody, options?: RequestOptions & { readonly idempotencyKey?: string }): Promise<Workflow>;
  getWorkflow(id: string, options?: RequestOptions): Promise<Workflow>;
}

/**
 * Query keys carry the account they were read for as an extra init member (`account`);
 * openapi-fetch copies unknown init members onto the Request, where this middleware finds it.
 */
type ScopedRequest = Request & { readonly account?: unknown };

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/** Read once, not from a clone: the middleware throws, so nothing else reads this response (and happy-dom's clone may come back empty). */
async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Bearer token per request (session tokens are short-lived; the getter refreshes them), and every
 * failure mapped once into an ApiError: an error status here, no answer at all in onError.
 */
function workflowsMiddleware(getToken: GetToken): Middleware {
  return {
    async onRequest({ request }) {
      const token = await getToken();
      const expected = (request as ScopedRequest).account;
      // A cache entry of one organization is never filled with another's data after a switch.
      if (typeof expected === 'string' && accountOfToken(token) !== expected) throw accountChangedError(expected, accountOfToken(token));
      if (token !== null && token !== '') request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
    async onResponse({ response }) {
      if (response.ok) return undefined;
      throw problemError(response, await bodyOf(response));
    },
    onError({ error }) {
      if (isAbort(error) || error instanceof ApiError) return undefined;
      return networkError(error);
    },
  };
}

function present<T>(data: T | undefined): T {
  if (data === undefined) throw new ApiError({ kind: 'problem', status: null, code: 'EMPTY_RESPONSE', title: 'Empty response', detail: 'The service answered without a body.' });
  return data;
}

export function createWorkflowsClient(options: WorkflowsClientOptions): WorkflowsClient {
  const fetchClient = createFetchClient<paths>({
    baseUrl: options.baseUrl,
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
    // The API's lists are comma lists (`status=draft,active`), as the document says (form, not exploded).
    querySerializer: { array: { style: 'form', explode: false } },
  });
  fetchClient.use(workflowsMiddleware(options.getToken));

  return {
    baseUrl: options.baseUrl,
    getToken: options.getToken,
    fetchClient,
    $api: createQueryClient(fetchClient),
    createWorkflow: async (body, { signal, idempotencyKey } = {}) => {
      const { data } = await fetchClient.POST('/api/v1/workflows', {
        body,
        ...(idempotencyKey !== undefined && { params: { header: { 'idempotency-key': idempotencyKey } } }),
        ...(signal && { signal }),
      });
      return present(data);
    },
    getWorkflow: async (id, { signal } = {}) => {
      const { data } = await fetchClient.GET('/api/v1/workflows/{id}', { params: { path: { id } }, ...(signal && { signal }) });
      return present(data);
    },
  };
}
