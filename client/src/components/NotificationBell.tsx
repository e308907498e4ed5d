import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage, get, post } from '../api';
import { useAuth } from '../auth';
import { useDismiss } from '../hooks';
import { useSocketEvents } from '../socket';
import type { AppNotification, Page } from '../types';
import { ErrorNote, Time } from './common';

export function NotificationBell() {
  const { user } = useAuth();
  const navigate = useNavigate();
  const [count, setCount] = useState(0);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<AppNotification[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useDismiss(open, () => setOpen(false), ref);

  useEffect(() => {
    if (!user) return;
    get<{ count: number }>('/api/notifications/unread-count')
      .then((r) => setCount(r.count))
      .catch(() => setCount(0));
  }, [user]);

  useSocketEvents(
    {
      notification: (payload) => {
        setCount((c) => c + 1);
        const item = 'notification' in payload ? payload.notification : (payload as AppNotification);
        if (item && typeof item.id === 'number') setItems((list) => (list ? [item, ...list.filter((n) => n.id !== item.id)] : list));
      },
    },
    Boolean(user),
  );

  const load = async (cursor?: string) => {
    setError(null);
    try {
      const page = await get<Page<AppNotification>>('/api/notifications', { cursor });
      setItems((list) => (cursor && list ? [...list, ...page.items] : page.items));
      setNext(page.next);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const toggle = () => {
    const opening = !open;
    setOpen(opening);
    if (opening) void load();
  };

  const markAll = async () => {
    try {
      await post('/api/notifications/read', { all: true });
      setCount(0);
      setItems((list) => list?.map((n) => ({ ...n, read: true })) ?? list);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const openItem = (item: AppNotification) => {
    setOpen(false);
    if (!item.read) {
      setCount((c) => Math.max(0, c - 1));
      setItems((list) => list?.map((n) => (n.id === item.id ? { ...n, read: true } : n)) ?? list);
      void post('/api/notifications/read', { ids: [item.id] }).catch(() => undefined);
    }
    if (item.url.startsWith('/')) navigate(item.url);
    else window.location.assign(item.url);
  };

  const label = count > 0 ? `Notifications, ${count} unread` : 'Notifications';
  return (
    <div className="menu" ref={ref}>
      <button type="button" className="btn-header bell" aria-label={label} aria-expanded={open} aria-controls="notifications" onClick={toggle}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
          <path
            d="M12 3a6 6 0 0 0-6 6v3.6L4.3 16a1 1 0 0 0 .9 1.5h13.6a1 1 0 0 0 .9-1.5L18 12.6V9a6 6 0 0 0-6-6zm-2.5 16a2.5 2.5 0 0 0 5 0z"
            fill="currentColor"
          />
        </svg>
        {count > 0 && (
          <span className="bell-count" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      {open && (
        <div className="popover popover-wide" id="notifications">
          <div className="popover-head">
            <h2>Notifications</h2>
            <button type="button" className="btn btn-small" onClick={() => void markAll()} disabled={count === 0 && !items?.some((n) => !n.read)}>
              Mark all read
            </button>
          </div>
          <ErrorNote message={error} />
          {items === null && !error ? (
            <p className="muted pad">Loading…</p>
          ) : items && items.length === 0 ? (
            <p className="muted pad">No notifications yet.</p>
          ) : (
            <ul className="notification-list">
              {items?.map((item) => (
                <li key={item.id}>
                  <button type="button" className={item.read ? 'notification' : 'notification unread'} onClick={() => openItem(item)}>
                    {!item.read && <span className="visually-hidden">Unread: </span>}
                    <span className="notification-text">
                      {item.text}
                      {item.count && item.count > 1 ? ` (${item.count})` : ''}
                    </span>
                    <Time iso={item.createdAt} />
                  </button>
                </li>
              ))}
            </ul>
          )}
          {next && (
            <button type="button" className="btn btn-small btn-block" onClick={() => void load(next)}>
              Older notifications
            </button>
          )}
        </div>
      )}
    </div>
  );
}
