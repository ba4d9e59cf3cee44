import { useRef } from 'react';
import {
  useActivateWorkflow,
  useApiClient,
  useArchiveWorkflow,
  useDeleteWorkflow,
  useDuplicateWorkflow,
  usePauseWorkflow,
  useUnarchiveWorkflow,
  type LifecycleAction,
  type Workflow,
  type WorkflowMutation,
} from '../../api/index.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { useRetryCountdown } from '../../components/form-errors.js';
import type { Notice } from '../../components/status-message.js';
import { useShowPage, workflowPath, WORKFLOWS_PATH } from '../../navigation.js';

const ACTION_LABELS: Readonly<Record<LifecycleAction, string>> = { activate: 'Activate', pause: 'Pause', archive: 'Archive', unarchive: 'Unarchive' };
const DONE: Readonly<Record<LifecycleAction, string>> = { activate: 'Activated', pause: 'Paused', archive: 'Archived', unarchive: 'Unarchived' };

interface ActionsProps {
  readonly workflow: Workflow;
  readonly onNotice: (notice: Notice) => void;
  /** Called after a lifecycle change, whose button is then gone: the focus must go somewhere meaningful. */
  readonly onChanged: () => void;
}

/** Each change is sent with If-Match: the version shown, so a change made meanwhile is a 412, not overwritten. */
function useLifecycle({ id, version }: Workflow): Readonly<Record<LifecycleAction, WorkflowMutation<Workflow, void>>> {
  const client = useApiClient();
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
  readonly onAction: (action: LifecycleAction) => void;
  readonly onDuplicate: () => void;
  readonly onDelete: () => void;
}

function ActionButtons({ workflow, busy, onAction, onDuplicate, onDelete }: ActionButtonsProps) {
  return (
    <div className="actions" role="group" aria-label="Actions">
      {workflow.allowed_actions.map((action) => (
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

/**
 * The workflow's changes; one runs at a time, and a 429 keeps them all disabled until its wait is
 * over. Each is sent after dropping the outcome of the previous; Try again sends the last one again.
 */
function useChanges(workflow: Workflow) {
  const client = useApiClient();
  const mutations = useLifecycle(workflow);
  const duplicate = useDuplicateWorkflow(client, workflow.id);
  const remove = useDeleteWorkflow(client, workflow.id, workflow.version);
  const countdown = useRetryCountdown();
  const last = useRef<(() => void) | null>(null);
  const all = [...Object.values(mutations), duplicate, remove];
  const attempt = (send: () => void) => {
    for (const mutation of all) mutation.reset();
    last.current = send;
    send();
  };
  /** Sends a change, handing it what a failure must do (count a 429 down); Try again sends it again. */
  const send = (mutate: (onError: typeof countdown.onError) => void) => {
    attempt(() => {
      mutate(countdown.onError);
    });
  };
  return {
    mutations,
    duplicate,
    remove,
    send,
    countdown,
    busy: all.some((mutation) => mutation.isPending) || countdown.remaining > 0,
    failure: all.map((mutation) => mutation.formError).find((error) => error !== null) ?? null,
    retry: () => {
      if (last.current !== null) attempt(last.current);
    },
  };
}

type ShowPage = (path: string) => void;

/** After a duplicate: the copy's page, with the focus on its heading. */
const showCopy = (showPage: ShowPage, onNotice: ActionsProps['onNotice']) => (created: Workflow) => {
  showPage(workflowPath(created.id));
  onNotice({ kind: 'text', message: `Duplicated as “${created.name}”.` });
};

/** After a delete: the list, with an Undo in the notice. */
const backToList = (showPage: ShowPage, onNotice: ActionsProps['onNotice'], workflow: Workflow) => () => {
  showPage(WORKFLOWS_PATH);
  onNotice({ kind: 'deleted', id: workflow.id, name: workflow.name });
};

/** The lifecycle actions the status allows, Duplicate and Delete, and what went wrong with the last one. */
export function Actions({ workflow, onNotice, onChanged }: ActionsProps) {
  const { mutations, duplicate, remove, send, countdown, busy, failure, retry } = useChanges(workflow);
  const showPage = useShowPage();
  const run = (action: LifecycleAction) => {
    send((onError) => {
      mutations[action].mutate(undefined, {
        onSuccess: (changed) => {
          onNotice({ kind: 'text', message: `${DONE[action]} “${changed.name}”.` });
          onChanged();
        },
        onError,
      });
    });
  };
  const copy = () => {
    send((onError) => {
      duplicate.mutate(undefined, { onSuccess: showCopy(showPage, onNotice), onError });
    });
  };
  const del = () => {
    send((onError) => {
      remove.mutate(undefined, { onSuccess: backToList(showPage, onNotice, workflow), onError });
    });
  };
  return (
    <>
      <ActionButtons workflow={workflow} busy={busy} onAction={run} onDuplicate={copy} onDelete={del} />
      <ErrorBanner error={failure} inlinePaths={[]} retryIn={countdown.remaining} onRetry={retry} onShowExisting={(existing) => { showPage(workflowPath(existing)); }} />
    </>
  );
}

