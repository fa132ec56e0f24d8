// The customization's pages beside the canvas: open, add, rename and delete (not the home page).
import { type FormEvent, type ReactNode, useState } from 'react';

export function PagesPanel({
  paths,
  current,
  onOpen,
  onAdd,
  onRename,
  onDelete,
  onClose,
}: {
  paths: string[];
  current: string;
  onOpen: (path: string) => void;
  onAdd: (path: string) => void;
  onRename: (from: string, to: string) => void;
  onDelete: (path: string) => void;
  onClose: () => void;
}): ReactNode {
  const [added, setAdded] = useState('/');
  const [renaming, setRenaming] = useState<{ from: string; to: string } | null>(null);
  const add = (e: FormEvent) => {
    e.preventDefault();
    onAdd(added.trim());
  };
  return (
    <aside className="side-panel" role="dialog" aria-label="Pages">
      <header>
        <h2>Pages</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      <ul className="pages">
        {paths.map((p) => (
          <li key={p}>
            {renaming?.from === p ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  onRename(p, renaming.to.trim());
                }}
              >
                <input aria-label={`New path for ${p}`} value={renaming.to} onChange={(e) => setRenaming({ from: p, to: e.target.value })} />
                <button type="submit">Rename</button>
                <button type="button" onClick={() => setRenaming(null)}>
                  Cancel
                </button>
              </form>
            ) : (
              <>
                <button type="button" className="link" aria-current={p === current ? 'page' : undefined} onClick={() => onOpen(p)}>
                  {p}
                </button>
                {p !== '/' && (
                  <>
                    <button type="button" onClick={() => setRenaming({ from: p, to: p })} aria-label={`Rename ${p}`}>
                      Rename
                    </button>
                    <button
                      type="button"
                      onClick={() => window.confirm(`Delete the page ${p}?`) && onDelete(p)}
                      aria-label={`Delete ${p}`}
                    >
                      Delete
                    </button>
                  </>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
      <form onSubmit={add}>
        <label>
          New page path
          <input value={added} onChange={(e) => setAdded(e.target.value)} placeholder="/about" />
        </label>
        <button type="submit">Add page</button>
      </form>
    </aside>
  );
}
