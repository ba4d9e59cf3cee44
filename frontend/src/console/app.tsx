import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { createWorkflowsClient, workflowKeys } from '../api/index.js';
import { CreateWorkflowForm } from './create-workflow-form.js';
import { TokenPanel } from './token-panel.js';
import { WorkflowDetails } from './workflow-details.js';

/** The console talks to its own origin; the Vite dev server forwards API paths to the backend. */
export function App() {
  const queryClient = useQueryClient();
  const [token, setToken] = useState('');
  const tokenRef = useRef('');
  const [shownId, setShownId] = useState<string | undefined>(undefined);
  // One client for the page's life; it reads the latest token at each request.
  const client = useMemo(() => createWorkflowsClient({ baseUrl: window.location.origin, getToken: () => tokenRef.current || null }), []);

  const changeToken = (next: string) => {
    tokenRef.current = next;
    setToken(next);
    // What is cached and shown belongs to the previous token's account; never show it under another.
    queryClient.removeQueries({ queryKey: workflowKeys.all(client) });
    setShownId(undefined);
  };

  return (
    <>
      <header>
        <h1>Workflow console</h1>
      </header>
      <main>
        <div className="column">
          <TokenPanel token={token} onToken={changeToken} />
          <section className="panel">
            <CreateWorkflowForm client={client} onShow={setShownId} />
          </section>
        </div>
        <div className="column">
          <WorkflowDetails client={client} id={shownId} />
        </div>
      </main>
    </>
  );
}
