import { useMutation, useQuery } from '@tanstack/react-query';

/** What the console's dev tokens may do: exactly what the console needs. */
const CONSOLE_PERMISSIONS = ['org:workflows:create', 'org:workflows:read', 'org:workflows:update', 'org:workflows:delete', 'org:audit:read'];

export interface DevTokenRequest {
  readonly org: string;
  readonly user: string;
}

async function postDevToken(body: unknown): Promise<Response> {
  return fetch('/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Whether the backend runs its dev issuer: `GET /dev/token` answers only in that mode. */
export function useDevTokenAvailable(): boolean {
  const probe = useQuery({
    queryKey: ['dev-token-endpoint'],
    queryFn: async () => (await fetch('/dev/token')).ok,
    retry: false,
    staleTime: Infinity,
  });
  return probe.data === true;
}

export function useMintDevToken() {
  return useMutation({
    mutationFn: async ({ org, user }: DevTokenRequest): Promise<string> => {
      const response = await postDevToken({ org, user, permissions: CONSOLE_PERMISSIONS });
      if (!response.ok) throw new Error(`The dev token endpoint answered ${response.status}.`);
      const body = (await response.json()) as { token?: unknown };
      if (typeof body.token !== 'string') throw new Error('The dev token endpoint answered without a token.');
      return body.token;
    },
  });
}
