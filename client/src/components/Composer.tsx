import { useEffect, useRef, useState, type FormEvent, type Ref } from 'react';
import { ApiError, errorMessage, post as postJson } from '../api';
import { readStorage, writeStorage } from '../hooks';
import type { Post } from '../types';
import { Editor, type EditorHandle } from './Editor';
import { ErrorNote } from './common';

const draftKey = (threadId: number) => `forum.draft.thread.${threadId}`;

interface Props {
  threadId: number;
  handle: Ref<EditorHandle>;
  multiQuoteCount: number;
  onInsertMultiQuote(): void;
  onTyping(): void;
  onPosted(post: Post): void;
}

export function Composer({ threadId, handle, multiQuoteCount, onInsertMultiQuote, onTyping, onPosted }: Props) {
  const [body, setBody] = useState(() => readStorage(draftKey(threadId)) ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [savedNote, setSavedNote] = useState(false);
  const loadedFor = useRef(threadId);

  // another thread: its own draft
  useEffect(() => {
    if (loadedFor.current === threadId) return;
    loadedFor.current = threadId;
    setBody(readStorage(draftKey(threadId)) ?? '');
    setError(null);
  }, [threadId]);

  // save the draft a moment after typing stops
  useEffect(() => {
    const timer = setTimeout(() => {
      writeStorage(draftKey(threadId), body.trim() ? body : null);
      if (body.trim()) setSavedNote(true);
    }, 400);
    return () => clearTimeout(timer);
  }, [threadId, body]);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!body.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      // quotes are already in the body as [QUOTE="…, post: ID"] tags, which the server links and
      // notifies from; quotePostIds would make it prepend each quoted post a second time
      const created = await postJson<Post | { post: Post }>(`/api/threads/${threadId}/posts`, { body });
      writeStorage(draftKey(threadId), null);
      setBody('');
      setSavedNote(false);
      onPosted('post' in created ? created.post : created);
    } catch (err) {
      const message = errorMessage(err);
      setError(err instanceof ApiError && err.status === 429 ? `Slow down: ${message}` : message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="composer card" aria-labelledby="composer-heading" id="reply">
      <h2 id="composer-heading">Reply</h2>
      <form onSubmit={(e) => void submit(e)} className="form">
        <Editor
          label="Your reply"
          hideLabel
          value={body}
          onChange={(value) => {
            setBody(value);
            setSavedNote(false);
          }}
          onTyping={onTyping}
          onSubmitShortcut={() => void submit()}
          handle={handle}
          rows={7}
        />
        <ErrorNote message={error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !body.trim()}>
            {busy ? 'Posting…' : 'Post reply'}
          </button>
          {multiQuoteCount > 0 && (
            <button type="button" className="btn" onClick={onInsertMultiQuote}>
              Insert {multiQuoteCount} {multiQuoteCount === 1 ? 'quote' : 'quotes'}
            </button>
          )}
          <span className="muted small" aria-live="polite">
            {savedNote ? 'Draft saved' : ''}
          </span>
        </div>
      </form>
    </section>
  );
}
