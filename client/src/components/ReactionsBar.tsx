import { useRef, useState } from 'react';
import { del, errorMessage, put } from '../api';
import { useDismiss } from '../hooks';
import { REACTIONS, type Post, type ReactionKind } from '../types';

const EMOJI: Record<ReactionKind, string> = {
  like: '👍',
  love: '❤️',
  haha: '😂',
  wow: '😮',
  sad: '😢',
  angry: '😠',
  thanks: '🙏',
};

const LABEL: Record<ReactionKind, string> = {
  like: 'Like',
  love: 'Love',
  haha: 'Haha',
  wow: 'Wow',
  sad: 'Sad',
  angry: 'Angry',
  thanks: 'Thanks',
};

type ReactionState = Pick<Post, 'reactions' | 'myReactions'>;

/** What the counts look like after toggling `kind`; a member holds one reaction per post. */
function toggled(state: ReactionState, kind: ReactionKind): Required<ReactionState> {
  const reactions = { ...(state.reactions ?? {}) };
  const mine = state.myReactions ?? [];
  const had = mine.includes(kind);
  for (const previous of mine) reactions[previous] = Math.max(0, (reactions[previous] ?? 0) - 1);
  if (had) return { reactions, myReactions: [] };
  reactions[kind] = (reactions[kind] ?? 0) + 1;
  return { reactions, myReactions: [kind] };
}

export function ReactionsBar({
  post,
  canReact,
  onChange,
}: {
  post: Post;
  canReact: boolean;
  onChange(state: Required<ReactionState>): void;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useDismiss(open, () => setOpen(false), ref);
  const reactions = post.reactions ?? {};
  const mine = post.myReactions ?? [];
  const shown = REACTIONS.filter((kind) => (reactions[kind] ?? 0) > 0);

  const react = async (kind: ReactionKind) => {
    setOpen(false);
    setError(null);
    const before = { reactions: post.reactions ?? {}, myReactions: post.myReactions ?? [] };
    const after = toggled(post, kind);
    onChange(after);
    try {
      const path = `/api/posts/${post.id}/reactions/${kind}`;
      const result = await (mine.includes(kind) ? del<Partial<ReactionState> | null>(path) : put<Partial<ReactionState> | null>(path));
      if (result && result.reactions) onChange({ reactions: result.reactions, myReactions: result.myReactions ?? after.myReactions });
    } catch (err) {
      onChange(before);
      setError(errorMessage(err));
    }
  };

  if (!canReact && shown.length === 0) return null;
  return (
    <div className="reactions" ref={ref}>
      <ul className="reaction-list" aria-label="Reactions">
        {shown.map((kind) => {
          const count = reactions[kind] ?? 0;
          const label = `${LABEL[kind]}: ${count}`;
          return (
            <li key={kind}>
              {canReact ? (
                <button
                  type="button"
                  className={mine.includes(kind) ? 'reaction mine' : 'reaction'}
                  aria-pressed={mine.includes(kind)}
                  aria-label={`${label}${mine.includes(kind) ? ', yours' : ''}`}
                  onClick={() => void react(kind)}
                >
                  <span aria-hidden="true">{EMOJI[kind]}</span> <span aria-hidden="true">{count}</span>
                </button>
              ) : (
                <span className="reaction" aria-label={label} role="img">
                  <span aria-hidden="true">
                    {EMOJI[kind]} {count}
                  </span>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {canReact && (
        <div className="menu">
          <button type="button" className="btn btn-small btn-ghost" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            React<span className="visually-hidden"> to post {post.position}</span>
          </button>
          {open && (
            <div className="popover reaction-picker" role="group" aria-label="Choose a reaction">
              {REACTIONS.map((kind) => (
                <button
                  key={kind}
                  type="button"
                  className={mine.includes(kind) ? 'reaction-choice mine' : 'reaction-choice'}
                  aria-pressed={mine.includes(kind)}
                  aria-label={LABEL[kind]}
                  title={LABEL[kind]}
                  onClick={() => void react(kind)}
                >
                  <span aria-hidden="true">{EMOJI[kind]}</span>
                </button>
              ))}
            </div>
          )}
        </div>
      )}
      {error && (
        <span className="error-text small" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
