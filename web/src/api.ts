// The Vitrine API as the admin calls it: JSON in and out, the session token from login, and
// errors in the server's one format ({"error": {code, message, details, request_id}}).

const TOKEN_KEY = 'vitrine.session';

export interface Session {
  token: string;
  expiresAt: string;
  email: string;
}

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(TOKEN_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) localStorage.setItem(TOKEN_KEY, JSON.stringify(session));
  else localStorage.removeItem(TOKEN_KEY);
}

// An answer other than 2xx, or a request that never got one (status 0).
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string,
    readonly details: unknown,
  ) {
    super(message);
  }

  // The problems of a 422 validation_failed, each {pointer, message} (code: line, column too).
  get problems(): { pointer: string; message: string; line?: number; column?: number }[] {
    const d = this.details as { problems?: { pointer: string; message: string; line?: number; column?: number }[] } | null;
    return Array.isArray(d?.problems) ? d!.problems : [];
  }
}

// Called when the server says the session is no longer valid (401): the app shows login.
let onExpired: () => void = () => {};
export function setSessionExpiredHandler(fn: () => void): void {
  onExpired = fn;
}

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const session = loadSession();
  const headers: Record<string, string> = {};
  if (session) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'unreachable', `The server could not be reached (${String(e)})`, '', null);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (res.ok) return parsed as T;
  const err = (parsed as { error?: Record<string, unknown> } | null)?.error ?? {};
  const error = new ApiError(
    res.status,
    String(err.code ?? 'http_' + res.status),
    String(err.message ?? `${method} ${path} answered ${res.status}`),
    String(err.request_id ?? res.headers.get('x-request-id') ?? ''),
    err.details ?? null,
  );
  if (res.status === 401 && session && !path.startsWith('/api/auth/login')) {
    saveSession(null);
    onExpired();
  }
  throw error;
}

export interface Workspace {
  id: string;
  name: string;
  slug: string;
  domain: string;
  tier: string;
  status: string;
}

export interface ThemeRef {
  id: string;
  name: string;
  slug: string;
}

// A shop's customization: its Puck documents per page path and its pinned theme version.
export interface Customization {
  id: string;
  name: string;
  status: string;
  is_active: boolean;
  version: string;
  revision: number;
  theme: ThemeRef;
  pages: Record<string, PuckDocument>;
  puck_data: PuckDocument;
  settings: Record<string, unknown>;
  custom_css: string;
  custom_js: string;
  updated_at: string;
  published_at: string | null;
}

export interface PuckBlock {
  type: string;
  props: Record<string, unknown> & { id: string };
}

export interface PuckDocument {
  content: PuckBlock[];
  root: { props?: Record<string, unknown> };
  zones?: Record<string, PuckBlock[]>;
}

export interface ThemeVersion {
  id: string;
  version: string;
  changelog: string;
  cdn_base_url: string;
  stylesheets: string[];
  is_latest: boolean;
}

export interface Theme {
  id: string;
  name: string;
  slug: string;
  description: string;
  template_type: string;
  price_tier: string;
  tags: string[];
  thumbnail_url: string | null;
  latest_version: string;
  versions: ThemeVersion[];
}

export interface Page<T> {
  items: T[];
  total?: number;
}
