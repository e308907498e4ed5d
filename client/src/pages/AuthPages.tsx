import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { errorMessage } from '../api';
import { useAuth } from '../auth';
import { ErrorNote } from '../components/common';
import { useDocumentTitle } from '../hooks';

function useReturnPath(): string {
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  return from && from.startsWith('/') && !from.startsWith('//') ? from : '/';
}

function AuthForm({ mode }: { mode: 'login' | 'register' }) {
  const { login, register } = useAuth();
  const navigate = useNavigate();
  const returnTo = useReturnPath();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isLogin = mode === 'login';
  const title = isLogin ? 'Sign in' : 'Create an account';
  useDocumentTitle(title);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (isLogin) await login(username.trim(), password);
      else await register(username.trim(), password, email.trim() || undefined);
      navigate(returnTo, { replace: true });
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <div className="page narrow auth-page">
      <h1>{title}</h1>
      <form className="card form" onSubmit={(e) => void submit(e)} noValidate={false}>
        <div className="field">
          <label htmlFor="auth-username" className="field-label">
            Username
          </label>
          <input
            id="auth-username"
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            minLength={isLogin ? 1 : 3}
            maxLength={32}
            autoFocus
            autoCapitalize="none"
            spellCheck={false}
          />
        </div>
        {!isLogin && (
          <div className="field">
            <label htmlFor="auth-email" className="field-label">
              Email <span className="muted">(optional)</span>
            </label>
            <input id="auth-email" name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={320} />
          </div>
        )}
        <div className="field">
          <label htmlFor="auth-password" className="field-label">
            Password
          </label>
          <input
            id="auth-password"
            name="password"
            type="password"
            autoComplete={isLogin ? 'current-password' : 'new-password'}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={isLogin ? 1 : 8}
            maxLength={256}
            aria-describedby={isLogin ? undefined : 'password-hint'}
          />
          {!isLogin && (
            <p id="password-hint" className="field-hint">
              At least 8 characters.
            </p>
          )}
        </div>
        <ErrorNote message={error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Please wait…' : title}
          </button>
        </div>
      </form>
      <p className="center">
        {isLogin ? (
          <>
            New here?{' '}
            <Link to="/register" state={{ from: returnTo }}>
              Create an account
            </Link>
          </>
        ) : (
          <>
            Already a member?{' '}
            <Link to="/login" state={{ from: returnTo }}>
              Sign in
            </Link>
          </>
        )}
      </p>
    </div>
  );
}

export function LoginPage() {
  return <AuthForm mode="login" />;
}

export function RegisterPage() {
  return <AuthForm mode="register" />;
}
