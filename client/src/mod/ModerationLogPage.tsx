import { useEffect, useState } from 'react';
import { errorMessage, get } from '../api';
import { ErrorNote, Loading, Time } from '../components/common';
import { nameOf } from '../format';
import { useDocumentTitle } from '../hooks';
import type { NameRef, Page } from '../types';

interface LogEntry {
  id: number;
  createdAt?: string;
  at?: string;
  actor?: NameRef;
  moderator?: NameRef;
  action: string;
  target?: unknown;
  targetType?: string;
  targetId?: number;
  reason?: string | null;
}

function targetText(entry: LogEntry): string {
  if (entry.targetType) return `${entry.targetType} ${entry.targetId ?? ''}`.trim();
  if (entry.target === undefined || entry.target === null) return '';
  return typeof entry.target === 'string' ? entry.target : JSON.stringify(entry.target);
}

export function ModerationLogPage() {
  useDocumentTitle('Moderation log');
  const [entries, setEntries] = useState<LogEntry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (cursor?: string) => {
    setError(null);
    try {
      const page = await get<Page<LogEntry>>('/api/moderation/log', { cursor });
      setEntries((list) => (cursor ? [...(list ?? []), ...page.items] : page.items));
      setNext(page.next);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  useEffect(() => {
    void load();
  }, []);

  return (
    <>
      <h1>Moderation log</h1>
      <ErrorNote message={error} onRetry={() => void load()} />
      {entries === null && !error ? (
        <Loading />
      ) : entries && entries.length === 0 ? (
        <p className="muted">Nothing logged yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Moderation actions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {entries?.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <Time iso={entry.createdAt ?? entry.at} relative={false} />
                  </td>
                  <td>{nameOf(entry.actor ?? entry.moderator) ?? 'system'}</td>
                  <td>{entry.action}</td>
                  <td>{targetText(entry)}</td>
                  <td>{entry.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <p className="center">
          <button type="button" className="btn" onClick={() => void load(next)}>
            Older entries
          </button>
        </p>
      )}
    </>
  );
}
