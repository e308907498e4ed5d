import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { errorMessage, get, itemsOf, post } from '../api';
import { useAuth } from '../auth';
import { PostContent } from '../components/PostBody';
import { ErrorNote, Loading, Time, UserLink } from '../components/common';
import { nameOf, threadPath } from '../format';
import { useDocumentTitle } from '../hooks';
import { useSocketEvents } from '../socket';
import { FLAG_REASONS, type NameRef, type Post } from '../types';

interface QueueFlag {
  reason: string;
  note?: string | null;
  by?: NameRef;
  system?: boolean;
  evidence?: unknown;
  rule?: string | null;
}

interface QueueItem {
  id: number;
  status: string;
  post: Post & { threadSlug?: string; threadTitle?: string };
  reasons: string[];
  flags: QueueFlag[];
  score?: number;
  claimedBy?: NameRef;
  authorHistory?: Record<string, unknown> | null;
  notes?: unknown;
}

const ACTIONS = ['approve', 'hide', 'delete', 'restore', 'reject'] as const;
type Action = (typeof ACTIONS)[number];
// GET /api/moderation/queue: no status means open or claimed; held posts are the `approval` queue
const STATUSES = ['open', 'claimed', 'resolved', 'rejected'] as const;
const QUEUES = [
  ['flags', 'Flags'],
  ['approval', 'Held for approval'],
  ['appeal', 'Appeals'],
] as const;

function show(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function ResolveForm({ label, onResolve, idPrefix }: { label: string; onResolve(action: Action, reason: string): Promise<void>; idPrefix: string }) {
  const [action, setAction] = useState<Action>('approve');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await onResolve(action, reason.trim());
      setReason('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="resolve-form" onSubmit={(e) => void submit(e)} aria-label={label}>
      <label htmlFor={`${idPrefix}-action`} className="visually-hidden">
        Action
      </label>
      <select id={`${idPrefix}-action`} value={action} onChange={(e) => setAction(e.target.value as Action)}>
        {ACTIONS.map((a) => (
          <option key={a} value={a}>
            {a[0]!.toUpperCase() + a.slice(1)}
          </option>
        ))}
      </select>
      <label htmlFor={`${idPrefix}-reason`} className="visually-hidden">
        Reason
      </label>
      <input id={`${idPrefix}-reason`} placeholder="Reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="submit" className="btn btn-small btn-primary" disabled={busy}>
        Resolve
      </button>
    </form>
  );
}

export function QueuePage({ approvals = false }: { approvals?: boolean }) {
  useDocumentTitle(approvals ? 'Approvals' : 'Review queue');
  const { user } = useAuth();
  const [filters, setFilters] = useState({ status: '', queue: approvals ? 'approval' : '', reason: '', kind: '', thread: '' });
  const [items, setItems] = useState<QueueItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    const queue = approvals ? 'approval' : '';
    setFilters((f) => (f.queue === queue ? f : { ...f, queue }));
  }, [approvals]);

  const load = useCallback(async () => {
    setError(null);
    try {
      const result = await get<QueueItem[] | { items: QueueItem[] }>('/api/moderation/queue', filters);
      setItems(itemsOf(result));
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [filters]);

  useEffect(() => {
    void load();
  }, [load]);

  useSocketEvents({ 'moderation:queue': () => void load() });

  const claim = async (item: QueueItem) => {
    try {
      const updated = await post<QueueItem | null>(`/api/moderation/items/${item.id}/claim`);
      setItems((list) => list?.map((i) => (i.id === item.id ? { ...i, ...(updated ?? {}), claimedBy: updated?.claimedBy ?? user?.username } : i)) ?? list);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const resolve = async (ids: number[], action: Action, reason: string) => {
    setError(null);
    setMessage(null);
    const results = await Promise.allSettled(ids.map((id) => post(`/api/moderation/items/${id}/resolve`, { action, reason })));
    const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    if (failed.length) setError(`${failed.length} of ${ids.length} failed: ${errorMessage(failed[0]!.reason)}`);
    setMessage(`${ids.length - failed.length} item${ids.length - failed.length === 1 ? '' : 's'} resolved (${action}).`);
    setSelected(new Set());
    await load();
  };

  const toggle = (id: number) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const setFilter = (key: keyof typeof filters) => (event: { target: { value: string } }) => setFilters((f) => ({ ...f, [key]: event.target.value }));

  return (
    <>
      <h1>{approvals ? 'Posts awaiting approval' : 'Review queue'}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter the queue">
        {!approvals && (
          <div className="field">
            <label htmlFor="q-status" className="field-label">
              Status
            </label>
            <select id="q-status" value={filters.status} onChange={setFilter('status')}>
              <option value="">Open or claimed</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
        )}
        {!approvals && (
          <div className="field">
            <label htmlFor="q-queue" className="field-label">
              Queue
            </label>
            <select id="q-queue" value={filters.queue} onChange={setFilter('queue')}>
              <option value="">All</option>
              {QUEUES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="q-reason" className="field-label">
            Reason
          </label>
          <select id="q-reason" value={filters.reason} onChange={setFilter('reason')}>
            <option value="">Any</option>
            {FLAG_REASONS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-kind" className="field-label">
            Post kind
          </label>
          <select id="q-kind" value={filters.kind} onChange={setFilter('kind')}>
            <option value="">Any</option>
            <option value="news">news</option>
            <option value="opinion">opinion</option>
            <option value="mixed">mixed</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-thread" className="field-label">
            Thread id
          </label>
          <input id="q-thread" inputMode="numeric" value={filters.thread} onChange={setFilter('thread')} size={6} />
        </div>
      </form>
      <ErrorNote message={error} onRetry={() => void load()} />
      <p role="status" className="small">
        {message}
      </p>
      {items && items.length > 0 && (
        <div className="bulk-bar">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={selected.size === items.length}
              onChange={(e) => setSelected(e.target.checked ? new Set(items.map((i) => i.id)) : new Set())}
            />
            Select all ({selected.size} selected)
          </label>
          {selected.size > 0 && <ResolveForm label="Resolve selected items" idPrefix="bulk" onResolve={(action, reason) => resolve([...selected], action, reason)} />}
        </div>
      )}
      {items === null && !error ? (
        <Loading />
      ) : items && items.length === 0 ? (
        <p className="muted">The queue is empty.</p>
      ) : (
        <ul className="card-list queue">
          {items?.map((item) => (
            <li key={item.id} className="card queue-item">
              <div className="queue-item-head">
                <label className="checkbox">
                  <input type="checkbox" checked={selected.has(item.id)} onChange={() => toggle(item.id)} />
                  <span className="visually-hidden">Select item {item.id}</span>
                </label>
                <h2 className="queue-title">
                  Item {item.id} · <span className="badge">{item.status}</span>
                  {typeof item.score === 'number' && <span className="badge">score {item.score}</span>}
                </h2>
                {item.post && (
                  <span className="small">
                    {item.post.author && (
                      <>
                        by <UserLink user={item.post.author} placeholder={item.post.author.isPlaceholder} />{' '}
                        {item.post.author.id && <Link to={`/mod/users/${item.post.author.id}`}>(moderate member)</Link>} ·{' '}
                      </>
                    )}
                    {item.post.threadId && <Link to={threadPath(item.post.threadSlug, item.post.threadId, item.post.position)}>{item.post.threadTitle ?? `thread ${item.post.threadId}`} #{item.post.position}</Link>}
                    {item.post.createdAt && (
                      <>
                        {' · '}
                        <Time iso={item.post.createdAt} />
                      </>
                    )}
                  </span>
                )}
              </div>
              <p className="small">
                Reasons: {item.reasons.map((r) => <span key={r} className="badge badge-reason">{r}</span>)}
                {item.claimedBy ? <> · claimed by {nameOf(item.claimedBy)}</> : null}
              </p>
              {item.post && (
                // long posts scroll inside the card: focusable so keyboard users can scroll them too
                <div className="queue-post" tabIndex={0} role="region" aria-label={`Reported post #${item.post.position}, item ${item.id}`}>
                  <PostContent post={item.post} />
                  {item.post.html === null && item.post.bodySource && <pre className="revision-source">{item.post.bodySource}</pre>}
                </div>
              )}
              {item.flags.length > 0 && (
                <details>
                  <summary>{item.flags.length} flag{item.flags.length === 1 ? '' : 's'}</summary>
                  <ul className="flag-list">
                    {item.flags.map((flag, index) => (
                      <li key={index}>
                        <strong>{flag.reason}</strong> {flag.system ? '(automatic' + (flag.rule ? `: ${flag.rule}` : '') + ')' : flag.by ? `by ${nameOf(flag.by)}` : ''}
                        {flag.note && <> – {flag.note}</>}
                        {flag.evidence !== undefined && flag.evidence !== null && <pre className="evidence">{show(flag.evidence)}</pre>}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
              {item.authorHistory && (
                <details>
                  <summary>Author history</summary>
                  <dl className="kv">
                    {Object.entries(item.authorHistory).map(([k, v]) => (
                      <div key={k}>
                        <dt>{k}</dt>
                        <dd>{show(v)}</dd>
                      </div>
                    ))}
                  </dl>
                </details>
              )}
              {Boolean(item.notes) && (Array.isArray(item.notes) ? item.notes.length > 0 : true) && (
                <details>
                  <summary>Notes</summary>
                  <pre className="evidence">{show(item.notes)}</pre>
                </details>
              )}
              <div className="queue-actions">
                {!item.claimedBy && (
                  <button type="button" className="btn btn-small" onClick={() => void claim(item)}>
                    Claim<span className="visually-hidden"> item {item.id}</span>
                  </button>
                )}
                <ResolveForm label={`Resolve item ${item.id}`} idPrefix={`item-${item.id}`} onResolve={(action, reason) => resolve([item.id], action, reason)} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
