import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { createWorkflowsClient } from './api/index.js';

/**
 * The bearer token for this tab: kept in sessionStorage, so a reload keeps it and closing the tab
 * forgets it. Never localStorage, which every tab and every later visit would share.
 */
const KEY = 'workflow-console.token';

function savedToken(): string {
  try {
    return window.sessionStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

function saveToken(token: string): void {
  try {
    if (token === '') window.sessionStorage.removeItem(KEY);
    else window.sessionStorage.setItem(KEY, token);
  } catch {
    // Storage refused (private mode, quota): the token lasts until the page is reloaded.
  }
}

/** The token the client sends: read at each request, outside React's render. */
function tokenHolder(initial: string) {
  let current = initial;
  return {
    get: () => current || null,
    set: (next: string) => {
      current = next;
    },
  };
}

/**
 * The token and what hangs on it: one client for the page's life (it reads the latest token at each
 * request; the console talks to its own origin, where the Vite dev server forwards API paths to the
 * backend), and a session number bumped by every new token, so the pages start over and the create
 * form drops its outcome (keeping what was typed): no banner from the old token stays.
 */
export function useTokenSession(onChange: () => void) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState(savedToken);
  const [session, setSession] = useState(0);
  const [tokens] = useState(() => tokenHolder(token));
  const [client] = useState(() => createWorkflowsClient({ baseUrl: window.location.origin, getToken: tokens.get }));
  const changeToken = (next: string) => {
    if (next === token) return;
    tokens.set(next);
    saveToken(next);
    setToken(next);
    // What is cached and shown belongs to the previous token's account; the hooks' keys carry the
    // account already, and the console drops the old entries too.
    queryClient.removeQueries();
    onChange();
    setSession((current) => current + 1);
  };
  return { token, session, client, changeToken };
}
