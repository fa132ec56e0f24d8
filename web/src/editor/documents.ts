import type { PuckBlock, PuckDocument } from '../api';
import type { ThemeRuntime } from './themeRuntime';

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
