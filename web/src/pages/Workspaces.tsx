import { type FormEvent, useEffect, useState } from 'react';

import { api, type Page, type Workspace } from '../api';
import { navigate } from '../router';
import { ErrorNote, Link } from '../ui';

export function Workspaces() {
  const [shops, setShops] = useState<Workspace[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<Page<Workspace>>('GET', '/api/workspaces').then((p) => setShops(p.items), setError);
  }, []);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const ws = await api<Workspace>('POST', '/api/workspaces', { name, type: 'store' });
      navigate({ name: 'shop', workspaceId: ws.id });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main>
      <h1>Your shops</h1>
      <ErrorNote error={error} />
      {shops === null ? (
        <p>Loading…</p>
      ) : shops.length === 0 ? (
        <p>You have no shop yet: create one below.</p>
      ) : (
        <ul className="cards">
          {shops.map((s) => (
            <li key={s.id}>
              <Link to={{ name: 'shop', workspaceId: s.id }}>{s.name}</Link>
              <span className="muted"> {s.domain}</span>
            </li>
          ))}
        </ul>
      )}
      <h2>Create a shop</h2>
      <form onSubmit={create} className="inline">
        <label>
          Shop name
          <input value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" disabled={busy || !name.trim()}>
          Create shop
        </button>
      </form>
      <p className="muted">Its address is derived from the name, with a short suffix: you see it once it is created.</p>
    </main>
  );
}
