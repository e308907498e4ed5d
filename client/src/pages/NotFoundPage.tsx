import { Link } from 'react-router';
import { useDocumentTitle } from '../hooks';

export function NotFoundPage({ what = 'page' }: { what?: string }) {
  useDocumentTitle('Not found');
  return (
    <div className="page narrow">
      <h1>Not found</h1>
      <p>This {what} does not exist, or you may not see it.</p>
      <p>
        <Link to="/">Back to the forums</Link>
      </p>
    </div>
  );
}
