import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, networkError, problemError } from './api-error.js';
import type { paths } from './schema.js';

/** The create request body exactly as the OpenAPI document describes it. */
export type CreateWorkflowBody = paths['/api/v1/workflows']['post']['requestBody']['content']['application/json'];
export type Workflow = paths['/api/v1/workflows/{id}']['get']['responses'][200]['content']['application/json'];

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
  createWorkflow(body: CreateWorkflowBody, options?: RequestOptions): Promise<Workflow>;
  getWorkflow(id: string, options?: RequestOptions): Promise<Workflow>;
}

function bearerAuth(getToken: GetToken): Middleware {
  return {
    // The token is read per request: session tokens are short-lived and the getter refreshes them.
    async onRequest({ request }) {
      const token = await getToken();
      if (token !== null && token !== '') request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  };
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/** Runs one call and turns every failure into an ApiError; a caller's own abort stays an abort. */
async function settle<T>(call: () => Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: Awaited<ReturnType<typeof call>>;
  try {
    result = await call();
  } catch (error) {
    if (isAbort(error) || error instanceof ApiError) throw error;
    throw networkError(error);
  }
  if (result.response.ok && result.data !== undefined) return result.data;
  throw problemError(result.response, result.error);
}

export function createWorkflowsClient(options: WorkflowsClientOptions): WorkflowsClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
  });
  client.use(bearerAuth(options.getToken));

  return {
    baseUrl: options.baseUrl,
    createWorkflow: (body, { signal } = {}) => settle(() => client.POST('/api/v1/workflows', { body, ...(signal && { signal }) })),
    getWorkflow: (id, { signal } = {}) =>
      settle(() => client.GET('/api/v1/workflows/{id}', { params: { path: { id } }, ...(signal && { signal }) })),
  };
}
