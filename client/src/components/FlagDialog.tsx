import { useState, type FormEvent } from 'react';
import { errorMessage, post as postJson } from '../api';
import { FLAG_REASONS, type FlagReason, type Post } from '../types';
import { Dialog, ErrorNote } from './common';

const REASON_LABEL: Record<FlagReason, string> = {
  spam: 'Spam or advertising',
  abuse: 'Abusive or hateful',
  'off-topic': 'Off-topic',
  misinformation: 'Misinformation',
  unsourced: 'News without a source',
  duplicate: 'Duplicate',
  copyright: 'Copyright infringement',
  other: 'Something else',
};

export function FlagDialog({ post, onClose }: { post: Post | null; onClose(): void }) {
  const [reason, setReason] = useState<FlagReason>('spam');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const close = () => {
    setReason('spam');
    setNote('');
    setError(null);
    setDone(false);
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!post) return;
    if (reason === 'other' && !note.trim()) {
      setError('Tell the moderators what is wrong with this post.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await postJson(`/api/posts/${post.id}/flags`, note.trim() ? { reason, note: note.trim() } : { reason });
      setDone(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={post !== null} title="Report this post" onClose={close}>
      {done ? (
        <div>
          <p role="status">Thank you. The moderators will review this post.</p>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={close} autoFocus>
              Close
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="form">
          <fieldset>
            <legend>Why should moderators look at post #{post?.position}?</legend>
            {FLAG_REASONS.map((value) => (
              <label key={value} className="radio">
                <input type="radio" name="flag-reason" value={value} checked={reason === value} onChange={() => setReason(value)} />
                {REASON_LABEL[value]}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="flag-note" className="field-label">
              Note for the moderators{reason === 'other' ? ' (required)' : ' (optional)'}
            </label>
            <textarea id="flag-note" rows={3} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} required={reason === 'other'} />
          </div>
          <ErrorNote message={error} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? 'Sending…' : 'Send report'}
            </button>
            <button type="button" className="btn" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
