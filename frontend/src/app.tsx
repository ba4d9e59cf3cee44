import { useCallback, useState } from 'react';
import { Link, Route, Switch } from 'wouter';
import { ApiClientProvider } from './api/index.js';
import { StatusMessage, type Notice } from './components/status-message.js';
import { TokenPanel } from './components/token-panel/token-panel.js';
import { TRASH_PATH, useEntryKey, WORKFLOWS_PATH } from './navigation.js';
import { NotFoundPage } from './pages/not-found/not-found-page.js';
import { TrashPage } from './pages/trash/trash-page.js';
import { WorkflowPage } from './pages/workflow/workflow-page.js';
import { CreatePanel } from './pages/workflows/create-panel.js';
import { WorkflowsPage } from './pages/workflows/workflows-page.js';
import { useTokenSession } from './token-session.js';

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
        <NotFoundPage />
      </Route>
    </Switch>
  );
}

/** The console: the token and the create form in one column, the page of the address in the other. */
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
