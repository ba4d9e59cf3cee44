import { useMutation, useQuery } from '@tanstack/react-query';
import { isApiError, networkError, problemError } from '../../api/index.js';

/** What the console's dev tokens may do: exactly what the console needs. */
const CONSOLE_PERMISSIONS = ['org:workflows:create', 'org:workflows:read', 'org:workflows:update', 'org:workflows:delete', 'org:audit:read'];

/** How often the console asks again whether the dev issuer runs, while the backend does not answer. */
const PROBE_RETRY_MS = 2000;

export interface DevTokenRequest {
  readonly org: string;
  readonly user: string;
}

async function send(path: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(path, init);
  } catch (error) {
    throw networkError(error);
  }
}

async function bodyOf(response: Response): Promise<unknown> {
  return response.json().catch(() => null);
}

/**
 * Whether the backend runs its dev issuer: `GET /dev/token` answers 200 in that mode and 404 in any
 * other. Anything else (no answer, a proxy's 502 while the backend starts) is asked again until the
 * backend itself answers, so the panel appears without a reload.
 */
export function useDevTokenAvailable(): boolean {
  const probe = useQuery({
    queryKey: ['dev-token-endpoint'],
    queryFn: async () => {
      const response = await send('/dev/token');
      if (response.ok || response.status === 404) return response.ok;
      throw problemError(response, await bodyOf(response));
    },
    // Only "no answer yet" is asked again; an answer (even an error) is the backend's word.
    retry: (_count, error) => isApiError(error) && (error.kind === 'network' || error.kind === 'unreachable'),
    retryDelay: PROBE_RETRY_MS,
    staleTime: Infinity,
  });
  return probe.data === true;
}

/** Mints a dev token; a refusal is an ApiError, so its field errors show under Organization and User. */
export function useMintDevToken() {
  return useMutation({
    mutationFn: async ({ org, user }: DevTokenRequest): Promise<string> => {
      const response = await send('/dev/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ org, user, permissions: CONSOLE_PERMISSIONS }),
      });
      const body = await bodyOf(response);
      if (!response.ok) throw problemError(response, body);
      const token = typeof body === 'object' && body !== null && 'token' in body ? body.token : undefined;
      if (typeof token !== 'string') throw new Error('The dev token endpoint answered without a token.');
      return token;
    },
  });
}
