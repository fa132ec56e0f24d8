// VibeCode blocks in the editor: the shop owner's own `function render(props, ctx)`. Unlike the
// theme's components (published, reviewed code), this code is the shop's members' own, so its
// preview never runs in the admin's origin: it runs in a sandboxed frame (an opaque origin, no
// access to the admin's session), with the same helpers and data, and only its height comes
// back. The server checks the code when the draft is saved; its problems show on the field.
import { createUsePuck } from '@puckeditor/core';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react';

import type { PageContext, Props, ThemeRuntime } from './themeRuntime';

export interface Problem {
  pointer: string;
  message: string;
  line?: number;
  column?: number;
}

// The last save's problems by block id.
export const ProblemsContext = createContext<Map<string, Problem[]>>(new Map());

export const kVibeCodeDefault = `function render(props, ctx) {
  return \`<section style="padding: 2rem; text-align: center">
  <p>Made with care by \${ctx.escapeHtml(ctx.site.name)}</p>
</section>\`;
}`;

const usePuck = createUsePuck();

// The selected block's problems from the last save.
export function useSelectedProblems(): Problem[] {
  const id = usePuck((s) => (s.selectedItem?.props as { id?: string } | undefined)?.id);
  return useContext(ProblemsContext).get(id ?? '') ?? [];
}

// The problems of the selected block at the top of its fields, each naming its field.
export function SelectedProblems(): ReactNode {
  const problems = useSelectedProblems().filter((p) => !p.pointer.endsWith('/props/code'));
  if (problems.length === 0) return null;
  return (
    <div className="field-problems" role="alert">
      {problems.map((p) => (
        <p key={p.pointer + p.message}>
          <strong>{p.pointer.split('/props/')[1]?.split('/')[0] ?? 'This block'}</strong>: {p.message}
        </p>
      ))}
    </div>
  );
}

// The code field: a monospace text area and, under it, the server's problems at their line.
export function VibeCodeField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const problems = useSelectedProblems().filter((p) => p.pointer.endsWith('/props/code'));
  // Named by aria-label, not a label's id: Puck renders the fields twice (one copy for narrow
  // layouts), so an id would name two elements.
  return (
    <div className="vibe-field">
      <span className="vibe-label" aria-hidden="true">
        Code
      </span>
      <textarea
        aria-label="Code"
        rows={12}
        spellCheck={false}
        value={value ?? ''}
        aria-invalid={problems.length > 0}
        onChange={(e) => onChange(e.target.value)}
      />
      {problems.map((p) => (
        <p className="field-problem" role="alert" key={p.pointer + p.message}>
          {p.line !== undefined ? `Line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ''}: ` : ''}
          {/* the server's message may say where too; say it once */}
          {p.message.replace(/^line \d+(, column \d+)?: /, '')}
        </p>
      ))}
    </div>
  );
}

const json = (v: unknown) => JSON.stringify(v ?? null).replace(/</g, '\\u003c');

function srcdoc(runtime: ThemeRuntime, css: string, code: string, props: Props, page: PageContext, token: string): string {
  const links = runtime.stylesheets.map((href) => `<link rel="stylesheet" href="${new URL(href, location.origin).href}">`).join('');
  return `<!doctype html><html><head><meta charset="utf-8">${links}<style>${css.replace(/</g, '\\3c ')}</style>
<style>body{margin:0}</style></head><body><div id="out"></div>
<script type="module">
${runtime.runtimeSource.replace(/<\/script/gi, '<\\/script')}
const out = document.getElementById('out');
try {
  const render = new Function(${json(code)} + '\\n;return typeof render === "function" ? render : null;')();
  if (!render) throw new Error('the code defines no render function');
  const ctx = makeCtx(${json(page)}, freezeData(${json(runtime.data)}));
  out.innerHTML = String(render(${json(props)}, ctx) ?? '');
} catch (e) {
  out.innerHTML = '<div style="border:2px dashed #c62828;padding:1rem;color:#c62828"></div>';
  out.firstChild.textContent = 'VibeCode failed: ' + (e && e.message ? e.message : String(e));
}
const report = () => parent.postMessage({ vitrineVibe: ${json(token)}, height: document.documentElement.scrollHeight }, '*');
report();
new ResizeObserver(report).observe(document.body);
</script></body></html>`;
}

let nextToken = 0;

export function VibePreview({ runtime, css, code, props, page }: { runtime: ThemeRuntime; css: string; code: string; props: Props; page: PageContext }): ReactNode {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(80);
  const token = useMemo(() => `vibe-${++nextToken}`, []);
  useEffect(() => {
    const win = frame.current?.ownerDocument.defaultView;
    if (!win) return;
    const onMessage = (e: MessageEvent) => {
      if (e.source !== frame.current?.contentWindow || e.data?.vitrineVibe !== token) return;
      const h = Number(e.data.height);
      if (Number.isFinite(h) && h > 0) setHeight(Math.min(h, 4000));
    };
    win.addEventListener('message', onMessage);
    return () => win.removeEventListener('message', onMessage);
  }, [token]);
  return (
    <iframe
      ref={frame}
      title="VibeCode preview"
      sandbox="allow-scripts"
      srcDoc={srcdoc(runtime, css, code, props, page, token)}
      style={{ border: 0, width: '100%', height, display: 'block' }}
    />
  );
}
