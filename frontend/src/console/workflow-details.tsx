import { useWorkflow, type Workflow, type WorkflowsClient } from '../api/index.js';

interface WorkflowDetailsProps {
  readonly client: WorkflowsClient;
  readonly id: string | undefined;
}

function Details({ workflow }: { readonly workflow: Workflow }) {
  const rows: [string, string][] = [
    ['Name', workflow.name],
    ['Status', workflow.status],
    ['Trigger', workflow.trigger_type ?? 'none yet'],
    ['Trigger settings', JSON.stringify(workflow.trigger_config)],
    ['Description', workflow.description === '' ? '—' : workflow.description],
    ['Version', String(workflow.version)],
    ['Id', workflow.id],
    ['Created', new Date(workflow.created_at).toLocaleString()],
  ];
  return (
    <dl>
      {rows.map(([term, value]) => (
        <div key={term} className="row">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The workflow last created or asked for, read through useWorkflow (a create fills its cache). */
export function WorkflowDetails({ client, id }: WorkflowDetailsProps) {
  const workflow = useWorkflow(client, id);
  return (
    <section aria-labelledby="workflow-heading" className="panel">
      <h2 id="workflow-heading">Workflow</h2>
      {id === undefined && <p className="hint">Create a workflow to see it here.</p>}
      {workflow.isLoading && <p>Loading…</p>}
      {workflow.formError !== null && <p role="alert">{workflow.formError.message}</p>}
      {workflow.data !== undefined && <Details workflow={workflow.data} />}
    </section>
  );
}
