import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { createWorkflowsClient } from '../api/index.js';
import { CreateWorkflowForm } from './create-workflow-form.js';
import { TokenPanel } from './token-panel.js';
import { WorkflowDetails } from './workflow-details.js';

/** The token the client sends: read at each request, outside React's render. */
function tokenHolder() {
  let current = '';
  return {
    get: () => current || null,
    set: (next: string) => {
      current = next;
    },
  };
}

/** The console talks to its own origin; the Vite dev server forwards API paths to the backend. */
export function App() {
  const queryClient = useQueryClient();
  const [token, setToken] = useState('');
  const [shownId, setShownId] = useState<string | undefined>(undefined);
  // One client for the page's life; it reads the latest token at each request.
  const [tokens] = useState(tokenHolder);
  const [client] = useState(() => createWorkflowsClient({ baseUrl: window.location.origin, getToken: tokens.get }));

  const changeToken = (next: string) => {
    tokens.set(next);
    setToken(next);
    // What is cached and shown belongs to the previous token's account; the hooks' keys carry the
    // account already, and the console drops the old entries too.
    queryClient.removeQueries();
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
