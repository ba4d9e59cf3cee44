import { Link } from 'wouter';
import { WORKFLOWS_PATH } from '../../navigation.js';

/** An address the console has no page for. */
export function NotFoundPage() {
  return (
    <section aria-labelledby="not-found-heading" className="panel">
      <h2 id="not-found-heading">Page not found</h2>
      <p>
        <Link to={WORKFLOWS_PATH}>See your workflows</Link>
      </p>
    </section>
  );
}
