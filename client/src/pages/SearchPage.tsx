import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage, get, isAbort, itemsOf } from '../api';
import { ErrorNote, Loading } from '../components/common';
import { useDocumentTitle, useResource } from '../hooks';
import type { Forum, Page, SearchHit } from '../types';
import { SearchResults } from './SearchResults';

const FIELDS = ['q', 'forum', 'thread', 'author', 'from', 'to'] as const;
type Field = (typeof FIELDS)[number];

export default function SearchPage() {
  const [params, setParams] = useSearchParams();
  const current = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ''])) as Record<Field, string>;
  const [form, setForm] = useState(current);
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const forums = useResource<Forum[] | { items: Forum[] }>('/api/forums');
  const key = params.toString();
  useDocumentTitle(current.q ? `Search: ${current.q}` : 'Search');

  useEffect(() => {
    setForm(current);
    const hasQuery = FIELDS.some((f) => current[f]);
    if (!hasQuery) {
      setHits(null);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    get<Page<SearchHit>>('/api/search', current, controller.signal)
      .then((page) => {
        setHits(page.items);
        setNext(page.next);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (isAbort(err)) return;
        setError(errorMessage(err));
        setHits(null);
        setLoading(false);
      });
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const f of FIELDS) if (form[f].trim()) next.set(f, form[f].trim());
    setParams(next);
  };

  const more = async () => {
    if (!next) return;
    try {
      const page = await get<Page<SearchHit>>('/api/search', { ...current, cursor: next });
      setHits((list) => [...(list ?? []), ...page.items]);
      setNext(page.next);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const set = (field: Field) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: event.target.value }));
  return (
    <div className="page">
      <h1>Search</h1>
      <form className="card form search-form" onSubmit={submit} role="search" aria-label="Search posts">
        <div className="field">
          <label htmlFor="search-q" className="field-label">
            Words
          </label>
          <input id="search-q" type="search" value={form.q} onChange={set('q')} />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="search-forum" className="field-label">
              Forum
            </label>
            <select id="search-forum" value={form.forum} onChange={set('forum')}>
              <option value="">All forums</option>
              {itemsOf(forums.data).map((f) => (
                <option key={f.id} value={f.slug}>
                  {f.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="search-author" className="field-label">
              Author
            </label>
            <input id="search-author" value={form.author} onChange={set('author')} autoCapitalize="none" />
          </div>
          <div className="field">
            <label htmlFor="search-from" className="field-label">
              From
            </label>
            <input id="search-from" type="date" value={form.from} onChange={set('from')} />
          </div>
          <div className="field">
            <label htmlFor="search-to" className="field-label">
              To
            </label>
            <input id="search-to" type="date" value={form.to} onChange={set('to')} />
          </div>
        </div>
        {form.thread && (
          <p className="small muted">
            Only in thread #{form.thread}.{' '}
            <button type="button" className="link-button" onClick={() => setForm((f) => ({ ...f, thread: '' }))}>
              Search everywhere
            </button>
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary">
            Search
          </button>
        </div>
      </form>
      <ErrorNote message={error} />
      <section aria-labelledby="results-heading" aria-busy={loading}>
        <h2 id="results-heading" className={hits ? undefined : 'visually-hidden'}>
          Results
        </h2>
        {loading && <Loading label="Searching…" />}
        {hits && hits.length === 0 && <p className="muted">Nothing found.</p>}
        {hits && hits.length > 0 && <SearchResults hits={hits} />}
        {next && (
          <p className="center">
            <button type="button" className="btn" onClick={() => void more()}>
              More results
            </button>
          </p>
        )}
      </section>
    </div>
  );
}
