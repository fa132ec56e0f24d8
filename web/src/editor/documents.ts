import type { PuckBlock, PuckDocument } from '../api';
import type { ThemeRuntime } from './themeRuntime';
import type { Problem } from './vibe';

// The document with each block's defaultProps under its own props, as the storefront renders it,
// so a field shows the value the canvas shows (Puck stores defaults in blocks it inserts, too).
export function withDefaults(doc: PuckDocument, runtime: Pick<ThemeRuntime, 'config'>): PuckDocument {
  const fill = (blocks: PuckBlock[]) =>
    blocks.map((b) => ({
      ...b,
      props: { ...(runtime.config.components[b.type]?.defaultProps ?? {}), ...b.props } as PuckBlock['props'],
    }));
  const zones: Record<string, PuckBlock[]> = {};
  for (const [name, blocks] of Object.entries(doc.zones ?? {})) zones[name] = fill(blocks);
  return {
    ...doc,
    content: fill(doc.content ?? []),
    root: { ...doc.root, props: { ...(runtime.config.root?.defaultProps ?? {}), ...(doc.root?.props ?? {}) } },
    ...(doc.zones ? { zones } : {}),
  };
}

// JSON Pointer token escaping (RFC 6901): "/" → "~1", "~" → "~0".
const token = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

// The server's problems with the page at `path` (pointers /pages/<path>/content/<i>/... or
// /pages/<path>/zones/<zone>/<i>/...) by the id of the block they are in, so each shows on it.
export function problemsByBlock(
  problems: Problem[],
  path: string,
  doc: { content?: unknown[]; zones?: Record<string, unknown[]> },
): Map<string, Problem[]> {
  const out = new Map<string, Problem[]>();
  const prefix = `/pages/${token(path)}/`;
  const idOf = (block: unknown) => (block as { props?: { id?: string } } | undefined)?.props?.id;
  for (const p of problems) {
    if (!p.pointer.startsWith(prefix)) continue;
    const parts = p.pointer.slice(prefix.length).split('/');
    let id: string | undefined;
    if (parts[0] === 'content') id = idOf(doc.content?.[Number(parts[1])]);
    else if (parts[0] === 'zones') {
      const zone = (parts[1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
      id = idOf(doc.zones?.[zone]?.[Number(parts[2])]);
    }
    if (!id) continue;
    out.set(id, [...(out.get(id) ?? []), p]);
  }
  return out;
}
