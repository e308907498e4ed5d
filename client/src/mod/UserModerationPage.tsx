import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { errorMessage, post } from '../api';
import { ErrorNote, Time } from '../components/common';
import { nameOf } from '../format';
import { useDocumentTitle, useResource } from '../hooks';
import type { NameRef, PublicUser } from '../types';

const SANCTIONS = [
  { value: 'warn', label: 'Warn', timed: false },
  { value: 'silence', label: 'Silence (cannot post)', timed: true },
  { value: 'suspend', label: 'Suspend (cannot sign in)', timed: true },
  { value: 'ban', label: 'Ban', timed: true },
  { value: 'lift', label: 'Lift sanctions', timed: false },
  { value: 'notes', label: 'Add a private note', timed: false },
] as const;

interface ModerationRecord {
  kind?: string;
  type?: string;
  action?: string;
  reason?: string | null;
  until?: string | null;
  createdAt?: string;
  by?: NameRef;
}

interface MemberModeration {
  user?: PublicUser;
  sanctions?: ModerationRecord[];
  notes?: ModerationRecord[];
  history?: ModerationRecord[];
}

function RecordList({ title, records }: { title: string; records: ModerationRecord[] | undefined }) {
  if (!records || records.length === 0) return null;
  return (
    <section>
      <h2>{title}</h2>
      <ul className="plain-list">
        {records.map((r, i) => (
          <li key={i}>
            <strong>{r.kind ?? r.type ?? r.action ?? 'note'}</strong>
            {r.reason ? `: ${r.reason}` : ''}
            {r.until && (
              <>
                {' '}
                until <Time iso={r.until} relative={false} />
              </>
            )}
            {r.by && <> · by {nameOf(r.by)}</>}
            {r.createdAt && (
              <>
                {' '}
                · <Time iso={r.createdAt} />
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function UserModerationPage() {
  const { id = '' } = useParams();
  useDocumentTitle(`Member ${id}`);
  const record = useResource<MemberModeration>(`/api/moderation/users/${encodeURIComponent(id)}`);
  const [action, setAction] = useState<(typeof SANCTIONS)[number]['value']>('warn');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const timed = SANCTIONS.find((s) => s.value === action)?.timed ?? false;
  const member = record.data?.user;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const body: { reason: string; until?: string } = { reason: reason.trim() };
      if (timed && until) body.until = new Date(until).toISOString();
      await post(`/api/moderation/users/${encodeURIComponent(id)}/${action}`, body);
      setDone(`Done: ${action}.`);
      setReason('');
      setUntil('');
      record.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>
        Member {member ? member.username : `#${id}`}
        {member && (
          <>
            {' '}
            <Link className="small" to={`/u/${encodeURIComponent(member.username)}`}>
              profile
            </Link>
          </>
        )}
      </h1>
      {record.error && record.status !== 404 && <ErrorNote message={record.error} />}
      <RecordList title="Sanctions" records={record.data?.sanctions ?? member?.sanctions} />
      <RecordList title="Notes" records={record.data?.notes} />
      <RecordList title="History" records={record.data?.history} />
      <form className="card form" onSubmit={(e) => void submit(e)}>
        <h2>Act on this member</h2>
        <div className="field">
          <label htmlFor="sanction-action" className="field-label">
            Action
          </label>
          <select id="sanction-action" value={action} onChange={(e) => setAction(e.target.value as typeof action)}>
            {SANCTIONS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sanction-reason" className="field-label">
            {action === 'notes' ? 'Note' : 'Reason'}
          </label>
          <textarea id="sanction-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} required />
        </div>
        {timed && (
          <div className="field">
            <label htmlFor="sanction-until" className="field-label">
              Until (leave empty for no end)
            </label>
            <input id="sanction-until" type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
          </div>
        )}
        <ErrorNote message={error} />
        <p role="status" className="small">
          {done}
        </p>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Apply'}
          </button>
        </div>
      </form>
    </>
  );
}
