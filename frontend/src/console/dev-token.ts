import { useMutation, useQuery } from '@tanstack/react-query';

/** What the console's dev tokens may do: exactly what the console needs. */
const CONSOLE_PERMISSIONS = ['org:workflows:create', 'org:workflows:read'];

export interface DevTokenRequest {
  readonly org: string;
  readonly user: string;
}

async function postDevToken(body: unknown): Promise<Response> {
  return fetch('/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/**
 * Whether the backend runs its dev issuer. The endpoint has no side-effect-free probe, so an empty
 * request is sent: it mints nothing. A refusal of it (422) shows the route exists; 404 shows it does
 * not, and a 5xx (the dev server's proxy when the backend is down) shows nothing either way.
 */
export function useDevTokenAvailable(): boolean {
  const probe = useQuery({
    queryKey: ['dev-token-endpoint'],
    queryFn: async () => {
      const { status } = await postDevToken({});
      return status !== 404 && status < 500;
    },
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
