// The admin's few routes, in the path under /admin (the server answers index.html for all).
import { useEffect, useState } from 'react';

const BASE = '/admin';

export type Route =
  | { name: 'login' }
  | { name: 'workspaces' }
  | { name: 'shop'; workspaceId: string }
  | { name: 'editor'; workspaceId: string; customizationId: string; path: string }
  | { name: 'not-found' };

export function parseRoute(pathname: string, search: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const parts = rest.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'workspaces' };
  if (parts[0] === 'login' && parts.length === 1) return { name: 'login' };
  if (parts[0] === 'shops' && parts.length === 2) return { name: 'shop', workspaceId: parts[1] };
  if (parts[0] === 'shops' && parts.length === 4 && parts[2] === 'editor') {
    const path = new URLSearchParams(search).get('page') || '/';
    return { name: 'editor', workspaceId: parts[1], customizationId: parts[3], path };
  }
  return { name: 'not-found' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'login':
      return `${BASE}/login`;
    case 'workspaces':
      return `${BASE}/`;
    case 'shop':
      return `${BASE}/shops/${encodeURIComponent(route.workspaceId)}`;
    case 'editor':
      return (
        `${BASE}/shops/${encodeURIComponent(route.workspaceId)}/editor/` +
        `${encodeURIComponent(route.customizationId)}?page=${encodeURIComponent(route.path)}`
      );
    default:
      return `${BASE}/`;
  }
}

// A screen with unsaved work sets a question; leaving in the app then asks it first, and closing
// or reloading the tab gets the browser's own warning. null clears it.
let leaveQuestion: string | null = null;
export function setLeaveGuard(question: string | null): void {
  leaveQuestion = question;
}
if (typeof window !== 'undefined')
  window.addEventListener('beforeunload', (e) => {
    if (leaveQuestion) e.preventDefault();
  });

// Goes to `to` in the page, unless a leave guard is set and the user says no. Returns whether
// it went.
export function navigate(to: Route | string): boolean {
  if (leaveQuestion && !window.confirm(leaveQuestion)) return false;
  leaveQuestion = null;
  window.history.pushState(null, '', typeof to === 'string' ? to : href(to));
  window.dispatchEvent(new PopStateEvent('popstate'));
  return true;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname, location.search));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname, location.search));
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return route;
}
