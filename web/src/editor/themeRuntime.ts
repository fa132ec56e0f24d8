// What the editor's canvas runs: the pinned theme version's puck-config.json and its
// components/<Name>.js render functions, fetched from the CDN, called with a ctx built by the
// server's own helper code (/admin/runtime.js, the sandbox prelude without its lockdown) and the
// shop's catalogue as the storefront sees it. So a block looks here as it does on the shop.

export type Props = Record<string, unknown>;
type RenderFn = (props: Props, ctx: unknown) => unknown;

interface RuntimeModule {
  makeCtx(raw: unknown, data: unknown): Record<string, unknown>;
  withChildren(ctx: unknown, html: string): unknown;
  freezeData<T>(data: T): T;
}

// The JSON of one field in puck-config.json (Puck's field shapes without functions).
export interface FieldJson {
  type: string;
  label?: string;
  options?: { label: string; value: unknown }[];
  arrayFields?: Record<string, FieldJson>;
  objectFields?: Record<string, FieldJson>;
  defaultItemProps?: Props;
  min?: number;
  max?: number;
}

export interface ComponentJson {
  label?: string;
  fields?: Record<string, FieldJson>;
  defaultProps?: Props;
}

export interface PuckConfigJson {
  components: Record<string, ComponentJson>;
  categories?: Record<string, { title?: string; components?: string[] }>;
  root?: ComponentJson;
}

// The ctx keys a storefront page has besides the catalogue (storefront.cc render()).
export interface PageContext {
  site: { name: string; tagline: string; domain: string; url: string };
  page: { path: string; title: string; description: string; url: string; template: string };
  theme: { slug: string; version: string };
  device: string;
  userType: string;
  [resource: string]: unknown; // the route's: posts and blog on pages, product on its template
}

export interface BlockResult {
  html: string;
  error?: string;
}

export class ThemeRuntime {
  private constructor(
    readonly config: PuckConfigJson,
    readonly stylesheets: string[],
    // The version's CSS variables with their defaults (theme-metadata.json "variables").
    readonly variables: Record<string, string>,
    private readonly runtime: RuntimeModule,
    private readonly renders: Map<string, RenderFn>,
    // The catalogue as the page's components get it.
    readonly data: unknown,
    // /admin/runtime.js as text: the VibeCode preview runs it inside its own sandboxed frame.
    readonly runtimeSource: string,
  ) {}

  // Loads the theme version at `baseUrl` (its CDN folder, ending in '/'), its components and
  // the shared helpers; `data` is the shop's catalogue (GET /api/workspaces/{id}/storefront-data).
  static async load(baseUrl: string, stylesheets: string[], data: unknown): Promise<ThemeRuntime> {
    const base = sameOrigin(baseUrl);
    const runtime = (await import(/* @vite-ignore */ runtimeUrl())) as RuntimeModule;
    const runtimeSource = await fetchOk(runtimeUrl()).then((r) => r.text());
    const config = (await fetchOk(base + 'puck-config.json').then((r) => r.json())) as PuckConfigJson;
    const metadata = (await fetchOk(base + 'theme-metadata.json').then((r) => r.json())) as {
      variables?: Record<string, unknown>;
    };
    const variables: Record<string, string> = {};
    for (const [name, value] of Object.entries(metadata.variables ?? {}))
      if (typeof value === 'string' || typeof value === 'number') variables[name] = String(value);
    const renders = new Map<string, RenderFn>();
    await Promise.all(
      Object.keys(config.components).map(async (name) => {
        const source = await fetchOk(`${base}components/${name}.js`).then((r) => r.text());
        renders.set(name, compile(source, name));
      }),
    );
    return new ThemeRuntime(
      config,
      stylesheets.map((s) => sameOrigin(s.startsWith('http') || s.startsWith('/') ? s : base + s)),
      variables,
      runtime,
      renders,
      runtime.freezeData(data),
      runtimeSource,
    );
  }

  // The block's props as the storefront calls render with them: defaultProps under the block's
  // own, without "visibility" (and without what Puck adds while editing).
  mergedProps(type: string, props: Props): Props {
    const merged: Props = { ...(this.config.components[type]?.defaultProps ?? {}) };
    for (const [k, v] of Object.entries(props)) {
      if (k === 'visibility' || k === 'puck' || k === 'editMode') continue;
      merged[k] = v;
    }
    return merged;
  }

  // One block's HTML, or the error its render function raised.
  renderBlock(type: string, props: Props, page: PageContext): BlockResult {
    const fn = this.renders.get(type);
    if (!fn) return { html: '', error: `The theme has no component ${type}` };
    try {
      const ctx = this.runtime.makeCtx(page, this.data);
      const out = fn(this.mergedProps(type, props), ctx);
      return { html: out == null ? '' : String(out) };
    } catch (e) {
      return { html: '', error: `${type} failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
}

function runtimeUrl(): string {
  return '/admin/runtime.js';
}

// Theme files are fetched from the admin's own origin: the CDN base URL the API gives may name
// the server's public URL, which the browser may reach by another name.
function sameOrigin(url: string): string {
  try {
    const u = new URL(url, window.location.origin);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

async function fetchOk(url: string): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res;
}

// A component file is `function render(props, ctx) { ... }`, as the sandbox compiles it.
function compile(source: string, name: string): RenderFn {
  const make = new Function(`${source}\n;return typeof render === 'function' ? render : null;`);
  const fn = make() as RenderFn | null;
  if (!fn) throw new Error(`components/${name}.js defines no render function`);
  return fn;
}

// The storefront's ":root{...}" for the theme's variables under the shop's overrides
// (storefront/document.cc css_variables): custom properties only, values without anything that
// could end the declaration or the style element.
export function rootCss(variables: Record<string, string>, overrides: Record<string, unknown>): string {
  const merged: Record<string, string> = { ...variables };
  for (const [k, v] of Object.entries(overrides)) if (typeof v === 'string' || typeof v === 'number') merged[k] = String(v);
  const body = Object.entries(merged)
    .filter(([name, value]) => /^--[A-Za-z0-9_-]+$/.test(name) && !/[;{}<>]|\/\*/.test(value))
    .map(([name, value]) => `${name}:${value}`)
    .join(';');
  return body ? `:root{${body}}` : '';
}
