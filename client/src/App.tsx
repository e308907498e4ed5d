import { lazy, Suspense, useEffect } from 'react';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { Layout } from './components/Layout';
import { Loading } from './components/common';
import { ForumIndexPage } from './pages/ForumIndexPage';
import { ForumPage } from './pages/ForumPage';
import { ThreadPage } from './pages/ThreadPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { usePostLinks } from './links';

// pages a reader rarely opens first: each in its own chunk
const LoginPage = lazy(() => import('./pages/AuthPages').then((m) => ({ default: m.LoginPage })));
const RegisterPage = lazy(() => import('./pages/AuthPages').then((m) => ({ default: m.RegisterPage })));
const ProfilePage = lazy(() => import('./pages/ProfilePage'));
const SearchPage = lazy(() => import('./pages/SearchPage'));
const ModerationRoutes = lazy(() => import('./mod/ModerationRoutes'));

function ScrollToTop() {
  const { pathname } = useLocation();
  useEffect(() => {
    // thread pages manage their own scroll (to a post)
    if (!pathname.startsWith('/t/')) window.scrollTo(0, 0);
  }, [pathname]);
  return null;
}

export function App() {
  const navigate = useNavigate();
  usePostLinks(navigate);
  return (
    <Layout>
      <ScrollToTop />
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<ForumIndexPage />} />
          <Route path="/f/:slug" element={<ForumPage />} />
          <Route path="/t/:slug/:id" element={<ThreadPage />} />
          <Route path="/t/:slug/:id/:position" element={<ThreadPage />} />
          <Route path="/login" element={<LoginPage />} />
          <Route path="/register" element={<RegisterPage />} />
          <Route path="/u/:username" element={<ProfilePage />} />
          <Route path="/search" element={<SearchPage />} />
          <Route path="/mod/*" element={<ModerationRoutes />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}
