import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, Route, Switch } from 'wouter';
import { ApiClientProvider, createWorkflowsClient } from '../api/index.js';
import { CreateWorkflowForm } from './create-workflow-form.js';
import { TRASH_PATH, useEntryKey, useShowPage, workflowPath, WORKFLOWS_PATH } from './navigation.js';
import { savedToken, saveToken } from './session-token.js';
import { StatusMessage, type Notice } from './status-message.js';
import { TokenPanel } from './token-panel.js';
import { TrashPage } from './trash-page.js';
import { WorkflowPage } from './workflow-page.js';
import { WorkflowsPage } from './workflows-page.js';

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

interface CreatePanelProps {
  /** Bumped each time the user asks for the form: it then takes the focus (an automatic opening does not). */
  readonly focusRequest: number;
  /** Changes with the token: the form then drops the outcome of its last submit. */
  readonly session: number;
  readonly onNotice: (notice: Notice) => void;
  readonly onClose: () => void;
}

/** The create form, opened from the workflows page; a created workflow is shown on its own page. */
function CreatePanel({ focusRequest, session, onNotice, onClose }: CreatePanelProps) {
  const panel = useRef<HTMLElement>(null);
  const showPage = useShowPage();
  const show = (id: string) => {
    showPage(workflowPath(id));
  };
  useEffect(() => {
    if (focusRequest > 0) panel.current?.querySelector('input')?.focus();
  }, [focusRequest]);
  return (
    <section ref={panel} className="panel">
      <CreateWorkflowForm
        session={session}
        onShow={show}
        onCreated={(workflow) => {
          show(workflow.id);
          onNotice({ kind: 'text', message: `Created “${workflow.name}”.` });
        }}
      />
      <button type="button" className="close-form" onClick={onClose}>
        Close the form
      </button>
    </section>
  );
}

/**
 * The token and what hangs on it: one client for the page's life (it reads the latest token at each
 * request), and a session number bumped by every new token, so the pages start over and the create
 * form drops its outcome (keeping what was typed): no banner from the old token stays.
 */
function useTokenSession(onChange: () => void) {
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

interface PagesProps {
  readonly hasToken: boolean;
  /** Changes with every new token: the page then starts over. */
  readonly session: number;
  readonly onNew: (asked: boolean) => void;
  readonly onNotice: (notice: Notice | null) => void;
}

/**
 * The page the address names, drawn afresh for every new token and every history entry (a link,
 * Back, Forward): it then reads its view from the address again.
 */
function Pages({ hasToken, session, onNew, onNotice }: PagesProps) {
  const viewKey = `${session}:${useEntryKey()}`;
  const list = <WorkflowsPage key={viewKey} hasToken={hasToken} onNew={onNew} />;
  return (
    <Switch>
      <Route path="/">{list}</Route>
      <Route path={WORKFLOWS_PATH}>{list}</Route>
      <Route path={TRASH_PATH}>
        <TrashPage key={viewKey} hasToken={hasToken} onNotice={onNotice} />
      </Route>
      <Route path={`${WORKFLOWS_PATH}/:id`}>{({ id }) => <WorkflowPage key={`${viewKey}:${id}`} id={id} onNotice={onNotice} />}</Route>
      <Route>
        <section aria-labelledby="not-found-heading" className="panel">
          <h2 id="not-found-heading">Page not found</h2>
          <p>
            <Link to={WORKFLOWS_PATH}>See your workflows</Link>
          </p>
        </section>
      </Route>
    </Switch>
  );
}

/** The console talks to its own origin; the Vite dev server forwards API paths to the backend. */
export function App() {
  const [creating, setCreating] = useState(false);
  const [createFocus, setCreateFocus] = useState(0);
  const [notice, setNotice] = useState<Notice | null>(null);
  const { token, session, client, changeToken } = useTokenSession(() => {
    setNotice(null);
  });
  const openCreate = useCallback((asked: boolean) => {
    setCreating(true);
    if (asked) setCreateFocus((current) => current + 1);
  }, []);

  return (
    <ApiClientProvider client={client}>
      <header>
        <h1>
          <Link to={WORKFLOWS_PATH}>Workflow console</Link>
        </h1>
      </header>
      <StatusMessage notice={notice} onNotice={setNotice} />
      <main>
        <div className="column">
          <TokenPanel token={token} onToken={changeToken} />
          {creating && <CreatePanel session={session} focusRequest={createFocus} onNotice={setNotice} onClose={() => { setCreating(false); }} />}
        </div>
        <div className="column column--wide">
          <Pages hasToken={token !== ''} session={session} onNew={openCreate} onNotice={setNotice} />
        </div>
      </main>
    </ApiClientProvider>
  );
}
