// The visual editor: Puck over one page of a customization, previewing every block with the
// theme's own render function (editor/themeRuntime.ts).
// Without the external Inter font import: the admin loads nothing from other origins.
import '@puckeditor/core/no-external.css';

import { type Config, type Data, Puck } from '@puckeditor/core';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';

import { api, ApiError, type Customization, type Page, type PuckDocument, type Theme, type Workspace } from '../api';
import { problemsByBlock, withDefaults } from '../editor/documents';
import { buildPuckConfig } from '../editor/puckConfig';
import { type Problem, ProblemsContext, SelectedProblems } from '../editor/vibe';
import { PagesPanel } from '../editor/PagesPanel';
import { type SettingsDraft, ThemeSettings } from '../editor/ThemeSettings';
import { type PageContext, rootCss, ThemeRuntime } from '../editor/themeRuntime';
import { navigate, setLeaveGuard } from '../router';
import { ErrorNote, Link } from '../ui';

// GET /api/workspaces/{id}/storefront-data: what the storefront would give the page's components.
interface StorefrontData {
  data: unknown;
  resource: Record<string, unknown>;
  site: { domain: string; url: string };
}

interface Loaded {
  shop: Workspace;
  customization: Customization;
  runtime: ThemeRuntime;
  config: Config;
  id: number; // which load: Puck keeps its own state and header, so each load is a new Puck
}

let loads = 0;

// The status while the page has edits not yet saved; leaving then asks first.
const kUnsaved = 'Unsaved changes';

// The theme's stylesheets, the shop's variables and custom CSS inside Puck's canvas iframe, so
// blocks are styled as on the shop.
function CanvasStyles({
  children,
  document,
  stylesheets,
  css,
}: {
  children: ReactNode;
  document?: Document;
  stylesheets: string[];
  css: string;
}) {
  useEffect(() => {
    if (!document) return;
    const links = stylesheets.map((href) => {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      document.head.appendChild(link);
      return link;
    });
    return () => links.forEach((l) => l.remove());
  }, [document, stylesheets]);
  useEffect(() => {
    if (!document) return;
    const style = document.createElement('style');
    style.textContent = css;
    document.head.appendChild(style);
    return () => style.remove();
  }, [document, css]);
  return <>{children}</>;
}

export function Editor({ workspaceId, customizationId, path }: { workspaceId: string; customizationId: string; path: string }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notFound, setNotFound] = useState(false);
  const [status, setStatus] = useState('');
  const pageContext = useRef<PageContext | null>(null);
  const current = useRef<Data | null>(null);
  const [settings, setSettings] = useState<SettingsDraft>({ variables: {}, customCss: '', customJs: '' });
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [pagesOpen, setPagesOpen] = useState(false);
  // The customization's pages as last saved: the page list, and what a save or rename sends.
  const [pages, setPages] = useState<Record<string, PuckDocument>>({});
  const canvasCss = useRef('');
  const [problems, setProblems] = useState<Map<string, Problem[]>>(new Map());

  useEffect(() => {
    setLeaveGuard(status === kUnsaved ? 'This page has unsaved changes. Leave without saving them?' : null);
  }, [status]);
  useEffect(() => () => setLeaveGuard(null), []);

  useEffect(() => {
    let cancelled = false;
    setStatus('');
    (async () => {
      try {
        const shop = await api<Workspace>('GET', `/api/workspaces/${encodeURIComponent(workspaceId)}`);
        const [list, preview] = await Promise.all([
          api<Page<Customization>>('GET', `/api/workspaces/${shop.id}/customizations`),
          api<StorefrontData>('GET', `/api/workspaces/${shop.id}/storefront-data?path=${encodeURIComponent(path)}`),
        ]);
        const customization = list.items.find((c) => c.id === customizationId);
        if (!customization) throw new ApiError(404, 'not_found', 'customization not found', '', null);
        const theme = await api<Theme>('GET', `/api/themes/${customization.theme.slug}`);
        const version = theme.versions.find((v) => v.version === customization.version);
        if (!version) throw new Error(`The theme has no version ${customization.version}`);
        const runtime = await ThemeRuntime.load(version.cdn_base_url, version.stylesheets, preview.data);
        if (cancelled) return;
        const saved = customization.settings ?? {};
        // The ctx storefront.cc gives the page (a desktop guest's), with the page's resource.
        pageContext.current = {
          site: {
            name: shop.name,
            tagline: typeof saved.tagline === 'string' ? saved.tagline : '',
            domain: preview.site.domain,
            url: preview.site.url,
          },
          page: { path, title: '', description: '', url: preview.site.url + path, template: '' },
          theme: { slug: customization.theme.slug, version: customization.version },
          device: 'desktop',
          userType: 'guest',
          ...preview.resource,
        };
        const config = buildPuckConfig(runtime, () => pageContext.current!, () => canvasCss.current);
        const variables: Record<string, string> = {};
        for (const [k, v] of Object.entries((saved.variables ?? {}) as Record<string, unknown>)) if (typeof v === 'string') variables[k] = v;
        setSettings({ variables, customCss: customization.custom_css, customJs: customization.custom_js });
        setPages(customization.pages);
        setLoaded({ shop, customization, runtime, config, id: ++loads });
      } catch (err) {
        if ((err as { status?: number }).status === 404) setNotFound(true);
        else setError(err);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [workspaceId, customizationId, path]);

  const initial = useMemo<Data | null>(() => {
    if (!loaded) return null;
    const doc: PuckDocument | undefined = loaded.customization.pages[path] ?? (path === '/' ? loaded.customization.puck_data : undefined);
    return withDefaults(doc ?? { content: [], root: { props: {} } }, loaded.runtime) as unknown as Data;
  }, [loaded, path]);

  if (notFound)
    return (
      <main>
        <h1>Not found</h1>
        <p>
          There is no such shop or customization that you can see. <Link to={{ name: 'workspaces' }}>Your shops</Link>
        </p>
      </main>
    );
  if (!loaded || !initial)
    return (
      <main>
        <ErrorNote error={error} />
        {!error && <p>Loading the editor…</p>}
      </main>
    );

  const save = async (data: Data): Promise<Customization | null> => {
    setError(null);
    setStatus('Saving…');
    try {
      const saved = await api<Customization>('POST', `/api/workspaces/${loaded.shop.id}/template/update`, {
        customization_id: loaded.customization.id,
        pages: { ...pages, [path]: data as unknown as PuckDocument },
        settings: { ...loaded.customization.settings, variables: settings.variables },
        custom_css: settings.customCss,
        custom_js: settings.customJs,
      });
      setPages(saved.pages);
      setStatus('Draft saved');
      setProblems(new Map());
      return saved;
    } catch (err) {
      setStatus('');
      setError(err);
      setProblems(err instanceof ApiError ? problemsByBlock(err.problems, path, data) : new Map());
      return null;
    }
  };

  const publish = async (data: Data) => {
    if (!(await save(data))) return;
    try {
      await api('POST', `/api/customizations/${loaded.customization.id}/publish`);
      setStatus('Published');
    } catch (err) {
      setStatus('');
      setError(err);
    }
  };

  const openPage = (p: string) =>
    navigate({ name: 'editor', workspaceId: loaded.shop.id, customizationId: loaded.customization.id, path: p });

  // Adds, renames or removes pages (path → document, or null to remove), then opens `open`. The
  // open page's own edits are not part of it and stay unsaved.
  const changePages = async (change: Record<string, PuckDocument | null>, open: string) => {
    setError(null);
    try {
      const saved = await api<Customization>('POST', `/api/workspaces/${loaded.shop.id}/template/update`, {
        customization_id: loaded.customization.id,
        pages: change,
      });
      setPages(saved.pages);
      if (open !== path) openPage(open);
    } catch (err) {
      setError(err);
    }
  };

  const paths = Object.keys(pages).sort();
  canvasCss.current = rootCss(loaded.runtime.variables, settings.variables) + settings.customCss;
  return (
    <div className="editor">
      <ErrorNote error={error} />
      {pagesOpen && (
        <PagesPanel
          paths={paths}
          current={path}
          onOpen={openPage}
          onAdd={(p) => changePages({ [p]: { content: [], root: { props: {} } } }, p)}
          onRename={(from, to) => changePages({ [from]: null, [to]: pages[from] }, from === path ? to : path)}
          onDelete={(p) => changePages({ [p]: null }, p === path ? '/' : path)}
          onClose={() => setPagesOpen(false)}
        />
      )}
      {settingsOpen && (
        <ThemeSettings
          defaults={loaded.runtime.variables}
          draft={settings}
          onChange={(next) => {
            setSettings(next);
            setStatus(kUnsaved);
          }}
          onClose={() => setSettingsOpen(false)}
        />
      )}
      <ProblemsContext.Provider value={problems}>
      <Puck
        key={loaded.id}
        config={loaded.config}
        data={initial}
        headerTitle={`${loaded.shop.name} · ${path}`}
        onChange={(d) => {
          current.current = d;
          setStatus(kUnsaved);
        }}
        onPublish={publish}
        overrides={{
          iframe: ({ children, document }) => (
            <CanvasStyles
              document={document}
              stylesheets={loaded.runtime.stylesheets}
              css={canvasCss.current}
            >
              {children}
            </CanvasStyles>
          ),
          fields: ({ children }) => (
            <>
              <SelectedProblems />
              {children}
            </>
          ),
          // Puck's own publish control is a span: a real button instead, for keyboards and tests.
          headerActions: () => (
            <>
              <Link to={{ name: 'shop', workspaceId: loaded.shop.id }}>Shop</Link>
              <select
                aria-label="Page"
                value={path}
                onChange={(e) => openPage(e.target.value)}
              >
                {paths.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
              <button type="button" aria-expanded={pagesOpen} onClick={() => { setPagesOpen(!pagesOpen); setSettingsOpen(false); }}>
                Pages
              </button>
              <button type="button" aria-expanded={settingsOpen} onClick={() => { setSettingsOpen(!settingsOpen); setPagesOpen(false); }}>
                Theme settings
              </button>
              <button type="button" onClick={() => save(current.current ?? initial)}>
                Save draft
              </button>
              <span role="status" className="status">
                {status}
              </span>
              <button type="button" className="primary" onClick={() => publish(current.current ?? initial)}>
                Publish
              </button>
            </>
          ),
        }}
      />
      </ProblemsContext.Provider>
    </div>
  );
}
