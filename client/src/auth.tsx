import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, hasSessionHint, onSessionLost, post, refreshSession, setSessionHint } from './api';
import { resetSocketSession } from './socket';
import type { PublicUser } from './types';

interface Session {
  user: PublicUser;
}

interface AuthState {
  user: PublicUser | null;
  /** true until GET /api/me has answered */
  loading: boolean;
  login(username: string, password: string): Promise<PublicUser>;
  register(username: string, password: string, email?: string): Promise<PublicUser>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

/**
 * Whether a session may exist: this browser signed in through the client before, or the server's
 * readable `forum_signed_in` marker cookie is there. Without either we are a guest and skip
 * GET /api/me, whose 401 browsers would log as a console error on every guest page load.
 */
function mayHaveSession(): boolean {
  return hasSessionHint() || document.cookie.split(/;\s*/).some((c) => c.startsWith('forum_signed_in='));
}

/** GET /api/me; a 401 means guest, unless this browser had a session that a refresh can renew. */
async function loadMe(): Promise<PublicUser | null> {
  if (!mayHaveSession()) return null;
  try {
    return await api<PublicUser>('/api/me', { noRefresh: true });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
  }
  if (!hasSessionHint() || !(await refreshSession())) {
    setSessionHint(false);
    return null;
  }
  try {
    return await api<PublicUser>('/api/me', { noRefresh: true });
  } catch {
    setSessionHint(false);
    return null;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<PublicUser | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let live = true;
    onSessionLost(() => setUser(null));
    loadMe()
      .then((me) => {
        if (!live) return;
        setUser(me);
        if (me) setSessionHint(true);
      })
      .catch(() => live && setUser(null))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, []);

  const signedIn = useCallback((session: Session) => {
    setSessionHint(true);
    setUser(session.user);
    resetSocketSession();
    return session.user;
  }, []);

  const login = useCallback(
    async (username: string, password: string) => signedIn(await post<Session>('/api/auth/login', { username, password })),
    [signedIn],
  );

  const register = useCallback(
    async (username: string, password: string, email?: string) =>
      signedIn(await post<Session>('/api/auth/register', email ? { username, password, email } : { username, password })),
    [signedIn],
  );

  const logout = useCallback(async () => {
    try {
      await api('/api/auth/logout', { method: 'POST', body: {}, noRefresh: true });
    } finally {
      setSessionHint(false);
      setUser(null);
      resetSocketSession();
    }
  }, []);

  const value = useMemo(() => ({ user, loading, login, register, logout }), [user, loading, login, register, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

export function isModerator(user: PublicUser | null): boolean {
  return user?.role === 'moderator' || user?.role === 'admin';
}
