import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, NavLink, useLocation, useNavigate, useSearchParams } from 'react-router';
import { isModerator, useAuth } from '../auth';
import { useDismiss } from '../hooks';
import { useConnectionState } from '../socket';
import { NotificationBell } from './NotificationBell';

function SearchBox() {
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  useEffect(() => {
    if (pathname === '/search') setQ(params.get('q') ?? '');
  }, [pathname, params]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = q.trim();
    if (text) navigate(`/search?q=${encodeURIComponent(text)}`);
  };
  return (
    <form className="search-box" role="search" onSubmit={submit}>
      <label htmlFor="site-search" className="visually-hidden">
        Search posts
      </label>
      <input id="site-search" type="search" placeholder="Search…" value={q} onChange={(e) => setQ(e.target.value)} enterKeyHint="search" />
      <button type="submit" className="btn-header" aria-label="Search">
        <svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16">
          <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M13 13l4.5 4.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      </button>
    </form>
  );
}

function UserMenu() {
  const { user, logout } = useAuth();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  useDismiss(open, () => setOpen(false), ref);
  const { pathname } = useLocation();
  useEffect(() => setOpen(false), [pathname]);
  if (!user) return null;
  return (
    <div className="menu" ref={ref}>
      <button type="button" className="btn-header menu-button" aria-expanded={open} aria-controls="user-menu" onClick={() => setOpen((o) => !o)}>
        <span className="avatar" aria-hidden="true">
          {user.username.slice(0, 1).toUpperCase()}
        </span>
        <span className="menu-name">{user.username}</span>
        <span className="visually-hidden">: account menu</span>
      </button>
      {open && (
        <div className="popover" id="user-menu">
          <ul className="menu-list">
            <li>
              <Link to={`/u/${encodeURIComponent(user.username)}`}>Your profile</Link>
            </li>
            {isModerator(user) && (
              <>
                <li>
                  <Link to="/mod/queue">Review queue</Link>
                </li>
                <li>
                  <Link to="/mod/approvals">Approvals</Link>
                </li>
                <li>
                  <Link to="/mod/log">Moderation log</Link>
                </li>
                {user.role === 'admin' && (
                  <li>
                    <Link to="/mod/words">Watched words</Link>
                  </li>
                )}
              </>
            )}
            <li>
              <button
                type="button"
                className="menu-item-button"
                onClick={() => {
                  setOpen(false);
                  void logout().then(() => navigate('/'));
                }}
              >
                Sign out
              </button>
            </li>
          </ul>
        </div>
      )}
    </div>
  );
}

function ConnectionBanner() {
  const state = useConnectionState();
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (state !== 'connecting') {
      setLate(false);
      return;
    }
    // a first connection gets a moment before we worry the reader
    const timer = setTimeout(() => setLate(true), 4000);
    return () => clearTimeout(timer);
  }, [state]);
  const show = state === 'reconnecting' || (state === 'connecting' && late);
  return (
    <div className="connection" role="status" aria-live="polite">
      {show && <p className="connection-banner">Reconnecting… live updates are paused.</p>}
    </div>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { user, loading } = useAuth();
  const location = useLocation();
  const from = location.pathname === '/login' || location.pathname === '/register' ? undefined : { from: location.pathname + location.search };
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="header-inner">
          <Link to="/" className="brand">
            <svg aria-hidden="true" viewBox="0 0 32 32" width="26" height="26">
              <rect width="32" height="32" rx="7" fill="#fff" />
              <path d="M8 9h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H14l-5 4v-4H8a2 2 0 0 1-2-2v-9a2 2 0 0 1 2-2z" fill="#1d4ed8" />
            </svg>
            <span>Forum</span>
          </Link>
          <SearchBox />
          <nav className="header-actions" aria-label="Account">
            {user ? (
              <>
                <NotificationBell />
                <UserMenu />
              </>
            ) : loading ? null : (
              <>
                <NavLink className="btn-header" to="/login" state={from}>
                  Sign in
                </NavLink>
                <NavLink className="btn-header btn-header-primary" to="/register" state={from}>
                  Register
                </NavLink>
              </>
            )}
          </nav>
        </div>
      </header>
      <ConnectionBanner />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>
          Forum · <Link to="/">All forums</Link> · <Link to="/search">Search</Link>
        </p>
      </footer>
    </>
  );
}
