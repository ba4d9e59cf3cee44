import { useEffect, useRef, useState } from 'react';
import {
  useActivateWorkflow,
  useArchiveWorkflow,
  useDeleteWorkflow,
  useDuplicateWorkflow,
  usePauseWorkflow,
  useUnarchiveWorkflow,
  useWorkflow,
  type Workflow,
  type WorkflowMutation,
  type WorkflowsClient,
} from '../api/index.js';
import { ActivityTab } from './activity-tab.js';
import { EditWorkflowForm } from './edit-workflow-form.js';
import { HistoryTab } from './history-tab.js';
import { Link, navigate, queryParameters, replaceQuery, takeFocusRequest, workflowPath } from './router.js';
import type { Notice } from './status-message.js';
import { Tabs } from './tabs.js';
import { describeTrigger } from './trigger-text.js';
import { ErrorBanner, LoadError } from './error-banner.js';
import { useRetryCountdown } from './form-errors.js';

interface WorkflowPageProps {
  readonly client: WorkflowsClient;
  readonly id: string;
  readonly onNotice: (notice: Notice) => void;
}

type Action = 'activate' | 'pause' | 'archive' | 'unarchive';

/** The lifecycle actions the service allows from a status (§5.6); activating needs a trigger. */
export function allowedActions(workflow: Pick<Workflow, 'status' | 'trigger_type'>): readonly Action[] {
  switch (workflow.status) {
    case 'draft':
      return workflow.trigger_type === null ? ['archive'] : ['activate', 'archive'];
    case 'active':
      return ['pause', 'archive'];
    case 'paused':
      return ['activate', 'archive'];
    case 'archived':
      return ['unarchive'];
  }
}

const ACTION_LABELS: Readonly<Record<Action, string>> = { activate: 'Activate', pause: 'Pause', archive: 'Archive', unarchive: 'Unarchive' };
const DONE: Readonly<Record<Action, string>> = { activate: 'Activated', pause: 'Paused', archive: 'Archived', unarchive: 'Unarchived' };

interface ActionsProps {
  readonly client: WorkflowsClient;
  readonly workflow: Workflow;
  readonly onNotice: WorkflowPageProps['onNotice'];
  /** Called after a lifecycle change, whose button is then gone: the focus must go somewhere meaningful. */
  readonly onChanged: () => void;
}

/** Each change is sent with If-Match: the version shown, so a change made meanwhile is a 412, not overwritten. */
function useLifecycle(client: WorkflowsClient, { id, version }: Workflow): Readonly<Record<Action, WorkflowMutation<Workflow, void>>> {
  return {
    activate: useActivateWorkflow(client, id, version),
    pause: usePauseWorkflow(client, id, version),
    archive: useArchiveWorkflow(client, id, version),
    unarchive: useUnarchiveWorkflow(client, id, version),
  };
}

interface ActionButtonsProps {
  readonly workflow: Workflow;
  readonly busy: boolean;
  readonly onAction: (action: Action) => void;
  readonly onDuplicate: () => void;
  readonly onDelete: () => void;
}

function ActionButtons({ workflow, busy, onAction, onDuplicate, onDelete }: ActionButtonsProps) {
  return (
    <div className="actions" role="group" aria-label="Actions">
      {allowedActions(workflow).map((action) => (
        <button key={action} type="button" disabled={busy} onClick={() => { onAction(action); }}>
          {ACTION_LABELS[action]}
        </button>
      ))}
      <button type="button" disabled={busy} onClick={onDuplicate}>
        Duplicate
      </button>
      <button type="button" className="danger" disabled={busy} onClick={onDelete}>
        Delete
      </button>
    </div>
  );
}

/** The workflow's changes; one runs at a time, and a 429 keeps them all disabled until its wait is over. */
function Actions({ client, workflow, onNotice, onChanged }: ActionsProps) {
  const mutations = useLifecycle(client, workflow);
  const duplicate = useDuplicateWorkflow(client, workflow.id);
  const remove = useDeleteWorkflow(client, workflow.id, workflow.version);
  const countdown = useRetryCountdown();
  const last = useRef<(() => void) | null>(null);
  const all = [...Object.values(mutations), duplicate, remove];
  const busy = all.some((mutation) => mutation.isPending) || countdown.remaining > 0;
  const failure = all.map((mutation) => mutation.formError).find((error) => error !== null) ?? null;

  /** Sends one change after dropping the outcome of the previous; Try again sends the last one again. */
  const attempt = (send: () => void) => {
    for (const mutation of all) mutation.reset();
    last.current = send;
    send();
  };
  const run = (action: Action) => {
    attempt(() => {
      mutations[action].mutate(undefined, {
        onSuccess: (changed) => {
          onNotice({ kind: 'text', message: `${DONE[action]} “${changed.name}”.` });
          onChanged();
        },
        onError: countdown.onError,
      });
    });
  };
  const copy = () => {
    attempt(() => {
      duplicate.mutate(undefined, {
        onSuccess: (created) => {
          navigate(workflowPath(created.id), { focusHeading: true });
          onNotice({ kind: 'text', message: `Duplicated as “${created.name}”.` });
        },
        onError: countdown.onError,
      });
    });
  };
  const del = () => {
    attempt(() => {
      remove.mutate(undefined, {
        onSuccess: () => {
          navigate('/workflows', { focusHeading: true });
          onNotice({ kind: 'deleted', id: workflow.id, name: workflow.name });
        },
        onError: countdown.onError,
      });
    });
  };

  return (
    <>
      <ActionButtons workflow={workflow} busy={busy} onAction={run} onDuplicate={copy} onDelete={del} />
      <ErrorBanner
        error={failure}
        inlinePaths={[]}
        retryIn={countdown.remaining}
        onRetry={() => { if (last.current !== null) attempt(last.current); }}
        onShowExisting={(existing) => { navigate(workflowPath(existing), { focusHeading: true }); }}
      />
    </>
  );
}

function Details({ workflow }: { readonly workflow: Workflow }) {
  const rows: [string, string][] = [
    ['Description', workflow.description === '' ? '—' : workflow.description],
    ['Trigger', describeTrigger(workflow)],
    ['Configuration', `${workflow.trigger_type ?? 'none'} ${JSON.stringify(workflow.trigger_config)}`],
    ['Updated', new Date(workflow.updated_at).toLocaleString()],
    ['Version', String(workflow.version)],
    ['Id', workflow.id],
  ];
  return (
    <dl>
      {rows.map(([term, value]) => (
        <div key={term} className="row">
          <dt>{term}</dt>
          <dd>{term === 'Updated' ? <time dateTime={workflow.updated_at}>{value}</time> : value}</dd>
        </div>
      ))}
    </dl>
  );
}

interface EditSectionProps {
  readonly client: WorkflowsClient;
  readonly workflow: Workflow;
  readonly onNotice: WorkflowPageProps['onNotice'];
  readonly onReload: () => void;
}

/** The Edit button, or the form it opens on the workflow as it was when pressed. */
function EditSection({ client, workflow, onNotice, onReload }: EditSectionProps) {
  const [editing, setEditing] = useState<Workflow | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  // A closed form gives the focus back to the button that opened it.
  useEffect(() => {
    if (editing === null && returnFocus.current) {
      returnFocus.current = false;
      editButton.current?.focus();
    }
  }, [editing]);
  const close = () => {
    returnFocus.current = true;
    setEditing(null);
  };
  if (editing === null) {
    return (
      <button ref={editButton} type="button" onClick={() => { setEditing(workflow); }}>
        Edit
      </button>
    );
  }
  return (
    <EditWorkflowForm
      client={client}
      workflow={editing}
      onSaved={(saved) => {
        close();
        onNotice({ kind: 'text', message: `Saved “${saved.name}” (version ${saved.version}).` });
      }}
      onReload={() => {
        close();
        onReload();
      }}
      onCancel={close}
    />
  );
}

type Tab = 'details' | 'history' | 'activity';
const TABS: readonly (readonly [Tab, string])[] = [
  ['details', 'Details'],
  ['history', 'History'],
  ['activity', 'Activity'],
];

/** The tab the address names (`?tab=history`); Details otherwise. */
function tabOfAddress(): Tab {
  const named = queryParameters().get('tab');
  return TABS.find(([tab]) => tab === named)?.[0] ?? 'details';
}

/** One workflow: what it is, what starts it, and what can be done with it now. */
export function WorkflowPage({ client, id, onNotice }: WorkflowPageProps) {
  const workflow = useWorkflow(client, id);
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = workflow.data !== undefined;
  const failed = workflow.isError;
  const [tab, setTab] = useState<Tab>(tabOfAddress);
  const selectTab = (next: Tab) => {
    setTab(next);
    replaceQuery({ tab: next === 'details' ? '' : next });
  };

  // Arriving from a create, a duplicate or an undo, the focus moves to the new page's heading.
  useEffect(() => {
    if ((loaded || failed) && takeFocusRequest()) heading.current?.focus();
  }, [loaded, failed, id]);

  return (
    <section aria-labelledby="workflow-kicker workflow-heading" className="panel">
      <p className="kicker">
        <Link to="/workflows">Workflows</Link> / <span id="workflow-kicker">Workflow</span>
      </p>
      <h2 id="workflow-heading" ref={heading} tabIndex={-1}>
        {workflow.data?.name ?? (workflow.isError ? 'Workflow unavailable' : 'Loading…')}
      </h2>
      {workflow.formError !== null && <LoadError error={workflow.formError} failedAt={workflow.errorUpdatedAt} retrying={workflow.isFetching} onRetry={() => { void workflow.refetch(); }} />}
      {workflow.data !== undefined && (
        <>
          <p>
            <span className={`badge badge--${workflow.data.status}`}>{workflow.data.status}</span>
          </p>
          <Actions key={workflow.data.id} client={client} workflow={workflow.data} onNotice={onNotice} onChanged={() => { heading.current?.focus(); }} />
          <EditSection client={client} workflow={workflow.data} onNotice={onNotice} onReload={() => { void workflow.refetch(); }} />
          <Tabs label="Workflow views" idPrefix="workflow" tabs={TABS} selected={tab} onSelect={selectTab}>
            {tab === 'details' && <Details workflow={workflow.data} />}
            {tab === 'history' && <HistoryTab client={client} workflow={workflow.data} onNotice={onNotice} />}
            {tab === 'activity' && <ActivityTab client={client} id={workflow.data.id} />}
          </Tabs>
        </>
      )}
    </section>
  );
}
