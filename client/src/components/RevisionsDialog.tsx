import { itemsOf } from '../api';
import { useResource } from '../hooks';
import type { Post, Revision } from '../types';
import { Dialog, ErrorNote, Loading, Time, UserLink } from './common';

function RevisionList({ postId }: { postId: number }) {
  const { data, error, loading } = useResource<Revision[] | { items: Revision[] }>(`/api/posts/${postId}/revisions`);
  const revisions = itemsOf(data);
  if (loading) return <Loading />;
  if (error) return <ErrorNote message={error} />;
  if (revisions.length === 0) return <p className="muted">No earlier versions.</p>;
  return (
    <ol className="revisions">
      {revisions.map((revision) => (
        <li key={revision.id} className="revision">
          <p className="small muted">
            <Time iso={revision.createdAt} relative={false} />
            {revision.editor && (
              <>
                {' · '}
                <UserLink user={revision.editor} />
              </>
            )}
            {revision.reason && <> · reason: {revision.reason}</>}
          </p>
          {revision.html ? (
            <div className="post-body" dangerouslySetInnerHTML={{ __html: revision.html }} />
          ) : (
            <pre className="revision-source">{revision.bodySource}</pre>
          )}
        </li>
      ))}
    </ol>
  );
}

export function RevisionsDialog({ post, onClose }: { post: Post | null; onClose(): void }) {
  return (
    <Dialog open={post !== null} title="Edit history" onClose={onClose} wide>
      {post && <RevisionList postId={post.id} />}
    </Dialog>
  );
}
