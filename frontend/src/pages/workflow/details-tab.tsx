import type { Workflow } from '../../api/index.js';
import { describeTrigger } from '../../components/trigger-text.js';

/** The workflow's fields: its description, its trigger in words and as configured, when it changed, its version and id. */
export function DetailsTab({ workflow }: { readonly workflow: Workflow }) {
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
