// Small pieces every screen uses: links that route in the page, and API errors in words.
import type { MouseEvent, ReactNode } from 'react';

import { ApiError } from './api';
import { href, navigate, type Route } from './router';

export function Link({ to, children }: { to: Route; children: ReactNode }) {
  const onClick = (e: MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={href(to)} onClick={onClick}>
      {children}
    </a>
  );
}

// An error as the user reads it: the server's message, and the request id to quote to support.
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const api = error instanceof ApiError ? error : null;
  return (
    <div className="error" role="alert">
      <p>{api ? api.message : error instanceof Error ? error.message : String(error)}</p>
      {api && api.problems.length > 0 && (
        <ul>
          {api.problems.map((p) => (
            <li key={p.pointer + p.message}>
              <code>{p.pointer}</code>: {p.message}
            </li>
          ))}
        </ul>
      )}
      {api?.requestId && <p className="request-id">Request id: {api.requestId}</p>}
    </div>
  );
}
