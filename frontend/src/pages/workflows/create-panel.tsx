import { useEffect, useRef } from 'react';
import type { Notice } from '../../components/status-message.js';
import { useShowPage, workflowPath } from '../../navigation.js';
import { CreateWorkflowForm } from './create-workflow-form.js';

interface CreatePanelProps {
  /** Bumped each time the user asks for the form: it then takes the focus (an automatic opening does not). */
  readonly focusRequest: number;
  /** Changes with the token: the form then drops the outcome of its last submit. */
  readonly session: number;
  readonly onNotice: (notice: Notice) => void;
  readonly onClose: () => void;
}

/** The create form, opened from the workflows page; a created workflow is shown on its own page. */
export function CreatePanel({ focusRequest, session, onNotice, onClose }: CreatePanelProps) {
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
