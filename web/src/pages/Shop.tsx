import { useCallback, useEffect, useState } from 'react';

import { api, type Customization, type Page, type Theme, type Workspace } from '../api';
import { navigate } from '../router';
import { ErrorNote, Link } from '../ui';

interface HistoryEntry {
  id: number;
  customization_id: string;
  action: string;
  version: string;
  created_at: string;
}

interface Site {
  storefront_domain: string;
  status: string;
}

// The storefront's address as this browser reaches the server (same scheme and port).
export function storefrontUrl(domain: string, path = '/'): string {
  const port = window.location.port ? `:${window.location.port}` : '';
  return `${window.location.protocol}//${domain}${port}${path}`;
}

export function Shop({ workspaceId }: { workspaceId: string }) {
  const [shop, setShop] = useState<Workspace | null>(null);
  const [site, setSite] = useState<Site | null>(null);
  const [customizations, setCustomizations] = useState<Customization[]>([]);
  const [themes, setThemes] = useState<Theme[]>([]);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notFound, setNotFound] = useState(false);
  const [busy, setBusy] = useState('');

  const load = useCallback(async () => {
    try {
      const ws = await api<Workspace>('GET', `/api/workspaces/${encodeURIComponent(workspaceId)}`);
      setShop(ws);
      const [s, cs, ts, h] = await Promise.all([
        api<Site>('GET', `/api/workspaces/${ws.id}/site`),
        api<Page<Customization>>('GET', `/api/workspaces/${ws.id}/customizations`),
        api<Page<Theme>>('GET', '/api/themes?page_size=100&status=published'),
        api<Page<HistoryEntry>>('GET', `/api/workspaces/${ws.id}/template/history`),
      ]);
      setHistory(h.items);
      setSite(s);
      setCustomizations(cs.items);
      setThemes(ts.items);
    } catch (err) {
      if ((err as { status?: number }).status === 404) setNotFound(true);
      else setError(err);
    }
  }, [workspaceId]);

  useEffect(() => {
    load();
  }, [load]);

  const act = async (label: string, fn: () => Promise<unknown>) => {
    setBusy(label);
    setError(null);
    try {
      await fn();
      await load();
    } catch (err) {
      setError(err);
    } finally {
      setBusy('');
    }
  };

  // Makes a draft (POST `url`) and opens it in the editor.
  const editNewDraft = (label: string, url: string, body?: unknown) =>
    act(label, async () => {
      const c = await api<Customization>('POST', url, body);
      navigate({ name: 'editor', workspaceId, customizationId: c.id, path: '/' });
    });
  const useTheme = (theme: Theme) => editNewDraft('use-' + theme.slug, `/api/themes/${theme.id}/use`, { workspace_id: workspaceId });
  // The live site is edited as a draft copy: it stays as it is until the copy is published, and
  // rolling back brings it back.
  const editCopy = (live: Customization) => editNewDraft('copy', `/api/customizations/${live.id}/duplicate`);

  if (notFound)
    return (
      <main>
        <h1>Not found</h1>
        <p>There is no shop here that you can see. <Link to={{ name: 'workspaces' }}>Your shops</Link></p>
      </main>
    );
  if (!shop)
    return (
      <main>
        <ErrorNote error={error} />
        <p>Loading…</p>
      </main>
    );
  const live = customizations.find((c) => c.is_active);
  return (
    <main>
      <p>
        <Link to={{ name: 'workspaces' }}>← Your shops</Link>
      </p>
      <h1>{shop.name}</h1>
      <p className="muted">
        Address: <code data-testid="shop-slug">{shop.slug}</code>
        {site && (
          <>
            {' · '}
            <a href={storefrontUrl(site.storefront_domain)} target="_blank" rel="noreferrer" data-testid="storefront-link">
              {site.storefront_domain}
            </a>
          </>
        )}
      </p>
      <ErrorNote error={error} />
      <h2>Storefront</h2>
      {customizations.length === 0 ? (
        <p>No theme yet: pick one from the gallery below.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Customization</th>
              <th>Theme</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {customizations.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>
                  {c.theme.name} {c.version}
                </td>
                <td>{c.is_active ? 'live' : c.status}</td>
                <td className="actions">
                  {c.is_active ? (
                    <button disabled={!!busy} onClick={() => editCopy(c)}>
                      Edit a draft copy
                    </button>
                  ) : (
                    <Link to={{ name: 'editor', workspaceId, customizationId: c.id, path: '/' }}>Edit</Link>
                  )}
                  {!c.is_active && (
                    <button
                      disabled={!!busy}
                      onClick={() => act('publish', () => api('POST', `/api/customizations/${c.id}/publish`))}
                    >
                      Publish
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {live && (
        <p>
          <button disabled={!!busy} onClick={() => act('rollback', () => api('POST', `/api/workspaces/${workspaceId}/rollback`))}>
            Roll back to the previous version
          </button>
        </p>
      )}
      {history.length > 0 && (
        <>
          <h2>History</h2>
          <ol className="history" data-testid="history">
            {[...history].reverse().map((h) => (
              <li key={h.id}>
                {new Date(h.created_at).toLocaleString()} · {h.action} ·{' '}
                {customizations.find((c) => c.id === h.customization_id)?.name ?? h.customization_id} {h.version}
              </li>
            ))}
          </ol>
        </>
      )}
      <h2>Theme gallery</h2>
      <ul className="gallery">
        {themes.map((t) => (
          <li key={t.id} data-theme={t.slug}>
            {t.thumbnail_url && <img src={t.thumbnail_url} alt="" width={200} height={150} />}
            <h3>{t.name}</h3>
            <p className="muted">
              {t.template_type} · {t.latest_version}
            </p>
            <p>{t.description}</p>
            <button disabled={!!busy} onClick={() => useTheme(t)}>
              Use this theme
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
