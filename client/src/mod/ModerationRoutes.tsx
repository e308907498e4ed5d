import { NavLink, Route, Routes } from 'react-router';
import { isModerator, useAuth } from '../auth';
import { Loading } from '../components/common';
import { NotFoundPage } from '../pages/NotFoundPage';
import { ModerationLogPage } from './ModerationLogPage';
import { QueuePage } from './QueuePage';
import { UserModerationPage } from './UserModerationPage';
import { WatchedWordsPage } from './WatchedWordsPage';

export default function ModerationRoutes() {
  const { user, loading } = useAuth();
  if (loading) return <Loading />;
  if (!isModerator(user)) {
    return (
      <div className="page narrow">
        <h1>Moderators only</h1>
        <p>{user ? 'Your account cannot open the moderation pages.' : 'Sign in with a moderator account to open this page.'}</p>
      </div>
    );
  }
  return (
    <div className="page mod-page">
      <nav className="tabs" aria-label="Moderation">
        <NavLink to="/mod/queue">Review queue</NavLink>
        <NavLink to="/mod/approvals">Approvals</NavLink>
        <NavLink to="/mod/log">Log</NavLink>
        {user?.role === 'admin' && <NavLink to="/mod/words">Watched words</NavLink>}
      </nav>
      <Routes>
        <Route path="queue" element={<QueuePage />} />
        <Route path="approvals" element={<QueuePage approvals />} />
        <Route path="log" element={<ModerationLogPage />} />
        <Route path="words" element={user?.role === 'admin' ? <WatchedWordsPage /> : <p>Administrators only.</p>} />
        <Route path="users/:id" element={<UserModerationPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </div>
  );
}
