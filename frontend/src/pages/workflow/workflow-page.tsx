import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useApiClient, useWorkflow, type Workflow } from '../../api/index.js';
import { LoadError } from '../../components/error-banner.js';
import type { Notice } from '../../components/status-message.js';
import { Tabs } from '../../components/tabs.js';
import { queryParameters, takeFocusRequest, useReplaceQuery, WORKFLOWS_PATH } from '../../navigation.js';
import { Actions } from './actions.js';
import { ActivityTab } from './activity-tab.js';
import { DetailsTab } from './details-tab.js';
import { EditWorkflowForm } from './edit-workflow-form.js';
import { HistoryTab } from './history-tab.js';

interface WorkflowPageProps {
  readonly id: string;
  readonly onNotice: (notice: Notice) => void;
}

interface EditSectionProps {
  readonly workflow: Workflow;
  readonly onNotice: WorkflowPageProps['onNotice'];
  readonly onReload: () => void;
}

/** The Edit button, or the form it opens on the workflow as it was when pressed. */
function EditSection({ workflow, onNotice, onReload }: EditSectionProps) {
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
export function WorkflowPage({ id, onNotice }: WorkflowPageProps) {
  const workflow = useWorkflow(useApiClient(), id);
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = workflow.data !== undefined;
  const failed = workflow.isError;
  const [tab, setTab] = useState<Tab>(tabOfAddress);
  const replaceQuery = useReplaceQuery();
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
        <Link to={WORKFLOWS_PATH}>Workflows</Link> / <span id="workflow-kicker">Workflow</span>
      </p>
      <h2 id="workflow-heading" ref={heading} tabIndex={-1}>
        {workflow.data?.name ?? (workflow.isError ? 'Workflow unavailable' : 'Loading…')}
      </h2>
      <LoadError read={workflow} />
      {workflow.data !== undefined && (
        <>
          <p>
            <span className={`badge badge--${workflow.data.status}`}>{workflow.data.status}</span>
          </p>
          <Actions key={workflow.data.id} workflow={workflow.data} onNotice={onNotice} onChanged={() => { heading.current?.focus(); }} />
          <EditSection workflow={workflow.data} onNotice={onNotice} onReload={() => { void workflow.refetch(); }} />
          <Tabs label="Workflow views" idPrefix="workflow" tabs={TABS} selected={tab} onSelect={selectTab}>
            {tab === 'details' && <DetailsTab workflow={workflow.data} />}
            {tab === 'history' && <HistoryTab workflow={workflow.data} onNotice={onNotice} />}
            {tab === 'activity' && <ActivityTab id={workflow.data.id} />}
          </Tabs>
        </>
      )}
    </section>
  );
}
