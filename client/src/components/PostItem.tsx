import { memo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { del, errorMessage, patch, post as postJson } from '../api';
import { isModerator } from '../auth';
import { formatDateTime, hostOf, nameOf, threadPath } from '../format';
import type { Post, PublicUser } from '../types';
import { Editor } from './Editor';
import { PostContent } from './PostBody';
import { ReactionsBar } from './ReactionsBar';
import { ErrorNote, Time, UserLink } from './common';

const KIND_LABEL: Record<string, string> = { news: 'News', opinion: 'Opinion', mixed: 'News + comment' };
const STATE_LABEL: Record<string, string> = { hidden: 'Hidden', pending: 'Awaiting approval', deleted: 'Deleted' };

export interface PostActions {
  onQuote(post: Post): void;
  onToggleMultiQuote(post: Post): void;
  onFlag(post: Post): void;
  onHistory(post: Post): void;
  onReplace(post: Post): void;
}

interface Props extends PostActions {
  post: Post;
  threadSlug: string;
  threadId: number;
  user: PublicUser | null;
  highlighted: boolean;
  multiQuoted: boolean;
  canReply: boolean;
}

function EditForm({ post, onDone }: { post: Post; onDone(updated: Post | null): void }) {
  const [body, setBody] = useState(post.bodySource ?? '');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const updated = await patch<Post | { post: Post }>(`/api/posts/${post.id}`, reason.trim() ? { body, reason: reason.trim() } : { body });
      onDone('post' in updated ? updated.post : updated);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <form className="edit-form form" onSubmit={(e) => void submit(e)}>
      <Editor label={`Edit post #${post.position}`} value={body} onChange={setBody} rows={8} onSubmitShortcut={() => void submit()} required />
      <div className="field">
        <label htmlFor={`edit-reason-${post.id}`} className="field-label">
          Reason for the edit (optional)
        </label>
        <input id={`edit-reason-${post.id}`} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
      </div>
      <ErrorNote message={error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !body.trim()}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="btn" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function PostItemView({ post, threadSlug, threadId, user, highlighted, multiQuoted, canReply, ...actions }: Props) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const own = Boolean(user && post.author && user.id === post.author.id);
  const moderator = isModerator(user);
  const visible = post.state === 'visible';
  const hasContent = post.html !== null;
  const authorName = nameOf(post.author) ?? 'unknown member';

  const remove = async () => {
    if (!window.confirm(`Delete your post #${post.position}?`)) return;
    setError(null);
    try {
      const result = await del<Post | { post: Post } | null>(`/api/posts/${post.id}`);
      const updated = result && typeof result === 'object' ? ('post' in result ? result.post : result) : null;
      actions.onReplace(updated ?? { ...post, state: 'deleted', html: moderator ? post.html : null, bodySource: moderator ? post.bodySource : null });
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const moderate = async (action: 'hide' | 'restore' | 'delete') => {
    const reason = window.prompt(`Reason to ${action} post #${post.position}`, '');
    if (reason === null) return;
    setError(null);
    try {
      const result = await postJson<Post | { post: Post } | null>(`/api/moderation/posts/${post.id}/${action}`, { reason });
      const updated = result && typeof result === 'object' && ('post' in result || 'id' in result) ? ('post' in result ? result.post : result) : null;
      actions.onReplace(updated ?? { ...post, state: action === 'restore' ? 'visible' : action === 'hide' ? 'hidden' : 'deleted', stateReason: reason });
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const classes = ['post', highlighted ? 'is-highlighted' : '', !visible ? `post-${post.state}` : '', !visible && hasContent ? 'post-moderated' : '']
    .filter(Boolean)
    .join(' ');
  const permalink = threadPath(threadSlug, threadId, post.position);

  return (
    <article className={classes} id={`post-${post.position}`} tabIndex={-1} aria-labelledby={`post-${post.position}-heading`}>
      <header className="post-head">
        <h2 className="post-author" id={`post-${post.position}-heading`}>
          <span className="visually-hidden">Post #{post.position} by </span>
          {post.author ? <UserLink user={post.author} placeholder={post.author.isPlaceholder} /> : <span>{authorName}</span>}
        </h2>
        <p className="post-meta">
          {post.createdAt && <Time iso={post.createdAt} />}
          {post.createdAtEstimated && (
            <span className="badge badge-estimated" title="The archive this post came from has no exact date">
              estimated
            </span>
          )}
          {post.kind && <span className={`badge badge-kind badge-${post.kind}`}>{KIND_LABEL[post.kind] ?? post.kind}</span>}
          {post.editedAt &&
            (own || moderator ? (
              <button type="button" className="link-button small" onClick={() => actions.onHistory(post)} title={`Edited ${formatDateTime(post.editedAt)}`}>
                edited<span className="visually-hidden">: show edit history</span>
              </button>
            ) : (
              <span className="muted small" title={`Edited ${formatDateTime(post.editedAt)}`}>
                edited
              </span>
            ))}
          <Link className="post-number" to={permalink} aria-label={`Link to post #${post.position}`}>
            #{post.position}
          </Link>
        </p>
      </header>

      {!visible && hasContent && (
        <p className="moderation-note">
          <strong>{STATE_LABEL[post.state] ?? post.state}</strong>
          {post.stateReason ? `: ${post.stateReason}` : ''}
          {own ? ' (only you and the moderators see this post)' : ' (visible to moderators only)'}
        </p>
      )}

      {editing ? (
        <EditForm
          post={post}
          onDone={(updated) => {
            setEditing(false);
            if (updated) actions.onReplace(updated);
          }}
        />
      ) : (
        <PostContent post={post} />
      )}

      {hasContent && !editing && (post.attachments?.length ?? 0) > 0 && (
        <ul className="attachments" aria-label="Attachments">
          {post.attachments!.map((attachment, index) => (
            <li key={attachment.id ?? index} className="attachment">
              {attachment.available && attachment.url ? (
                <a href={attachment.url}>{attachment.filename}</a>
              ) : (
                <span>
                  {/* an icon, not the 🖼 emoji: machines without an emoji font drew an empty box */}
                  <svg className="attachment-icon" aria-hidden="true" viewBox="0 0 20 20" width="16" height="16">
                    <rect x="2" y="4" width="16" height="12" rx="2" fill="none" stroke="currentColor" strokeWidth="1.6" />
                    <circle cx="7" cy="8.5" r="1.5" fill="currentColor" />
                    <path d="M3.5 15l4.5-4.5 3 3 2.5-2.5 3.5 4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
                  </svg>
                  {attachment.available ? attachment.filename : `image not included in the archive: ${attachment.filename}`}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}

      {hasContent && !editing && (post.sources?.length ?? 0) > 0 && (
        <div className="sources">
          <h3 className="sources-heading">Sources</h3>
          <ul>
            {post.sources!.map((source, index) => (
              <li key={index}>
                {source.url ? (
                  <a href={source.url} rel="nofollow noopener noreferrer ugc" target="_blank">
                    {source.outlet ?? hostOf(source.url)}
                    <span className="visually-hidden"> (opens in a new tab)</span>
                  </a>
                ) : (
                  <span>{source.outlet}</span>
                )}
                {source.url && source.outlet && <span className="muted small"> {hostOf(source.url)}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}

      <ErrorNote message={error} />

      {visible && !editing && (user || Object.values(post.reactions ?? {}).some((n) => n > 0)) && (
        <footer className="post-foot">
          <ReactionsBar post={post} canReact={Boolean(user) && !own} onChange={(state) => actions.onReplace({ ...post, ...state })} />
          <div className="post-actions">
            {canReply && (
              <>
                <button type="button" className="btn btn-small btn-ghost" onClick={() => actions.onQuote(post)}>
                  Quote<span className="visually-hidden"> post #{post.position}</span>
                </button>
                <button
                  type="button"
                  className="btn btn-small btn-ghost"
                  aria-pressed={multiQuoted}
                  onClick={() => actions.onToggleMultiQuote(post)}
                  title="Collect this post to quote several at once"
                >
                  {multiQuoted ? '− Multi-quote' : '+ Multi-quote'}
                  <span className="visually-hidden"> post #{post.position}</span>
                </button>
              </>
            )}
            {user && !own && (
              <button type="button" className="btn btn-small btn-ghost" onClick={() => actions.onFlag(post)}>
                Report<span className="visually-hidden"> post #{post.position}</span>
              </button>
            )}
            {(own || moderator) && post.bodySource !== null && (
              <button type="button" className="btn btn-small btn-ghost" onClick={() => setEditing(true)}>
                Edit<span className="visually-hidden"> post #{post.position}</span>
              </button>
            )}
            {own && (
              <button type="button" className="btn btn-small btn-ghost" onClick={() => void remove()}>
                Delete<span className="visually-hidden"> post #{post.position}</span>
              </button>
            )}
            {moderator && !own && (
              <button type="button" className="btn btn-small btn-ghost" onClick={() => void moderate('hide')}>
                Hide<span className="visually-hidden"> post #{post.position}</span>
              </button>
            )}
          </div>
        </footer>
      )}
      {!visible && moderator && (
        <footer className="post-foot">
          <div className="post-actions">
            <button type="button" className="btn btn-small" onClick={() => void moderate('restore')}>
              Restore<span className="visually-hidden"> post #{post.position}</span>
            </button>
            {post.state !== 'deleted' && (
              <button type="button" className="btn btn-small" onClick={() => void moderate('delete')}>
                Delete<span className="visually-hidden"> post #{post.position}</span>
              </button>
            )}
          </div>
        </footer>
      )}
    </article>
  );
}

export const PostItem = memo(PostItemView);
