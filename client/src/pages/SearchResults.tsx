import { Link } from 'react-router';
import { Time, UserLink } from '../components/common';
import { threadPath } from '../format';
import type { SearchHit } from '../types';

export function SearchResults({ hits, showThread = true }: { hits: SearchHit[]; showThread?: boolean }) {
  return (
    <ol className="card-list search-results">
      {hits.map((hit) => (
        <li key={hit.postId} className="card search-hit">
          <p className="search-hit-title">
            <Link to={threadPath(hit.threadSlug, hit.threadId, hit.position)}>
              {showThread ? hit.threadTitle : `${hit.threadTitle}`} <span className="muted">#{hit.position}</span>
            </Link>
          </p>
          <div className="snippet" dangerouslySetInnerHTML={{ __html: hit.snippet }} />
          <p className="muted small">
            {hit.author && (
              <>
                <UserLink user={hit.author} />
                {' · '}
              </>
            )}
            <Time iso={hit.createdAt} />
          </p>
        </li>
      ))}
    </ol>
  );
}
