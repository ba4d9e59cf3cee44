import { createContext, useContext, type ReactNode } from 'react';
import type { WorkflowsClient } from './client.js';

const ApiClientContext = createContext<WorkflowsClient | null>(null);

/** Hands one workflows client to every component below it; the console sets it at its root. */
export function ApiClientProvider({ client, children }: { readonly client: WorkflowsClient; readonly children: ReactNode }) {
  return <ApiClientContext value={client}>{children}</ApiClientContext>;
}

/** The workflows client of the closest ApiClientProvider, to hand to the hooks. */
export function useApiClient(): WorkflowsClient {
  const client = useContext(ApiClientContext);
  if (client === null) throw new Error('useApiClient() is called outside an ApiClientProvider.');
  return client;
}
