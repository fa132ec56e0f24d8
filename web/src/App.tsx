import { lazy, Suspense, useEffect, useState } from 'react';

import { loadSession, setSessionExpiredHandler } from './api';
import { Login } from './pages/Login';
import { Shop } from './pages/Shop';
import { Workspaces } from './pages/Workspaces';
import { navigate, setLeaveGuard, useRoute } from './router';

// The editor (Puck and its dependencies) loads only when a page is edited.
const Editor = lazy(() => import('./pages/Editor').then((m) => ({ default: m.Editor })));

export function App() {
  const route = useRoute();
  const [notice, setNotice] = useState('');

  useEffect(() => {
    setSessionExpiredHandler(() => {
      setNotice('Your session has ended: sign in again.');
      setLeaveGuard(null); // nothing unsaved can be saved without a session
      navigate({ name: 'login' });
    });
  }, []);

  if (route.name !== 'login' && !loadSession()) return <Login notice={notice} />;
  switch (route.name) {
    case 'login':
      return <Login notice={notice} />;
    case 'workspaces':
      return <Workspaces />;
    case 'shop':
      return <Shop workspaceId={route.workspaceId} />;
    case 'editor':
      return (
        <Suspense fallback={<main>Loading the editor…</main>}>
          <Editor workspaceId={route.workspaceId} customizationId={route.customizationId} path={route.path} />
        </Suspense>
      );
    default:
      return (
        <main>
          <h1>Not found</h1>
        </main>
      );
  }
}
