// The Puck editor's config for a theme version: fields, labels and defaults from its
// puck-config.json; every component's render is the theme's own render function (ThemeRuntime).
import type { ComponentConfig, Config, Field } from '@puckeditor/core';
import type { ReactNode } from 'react';

import type { FieldJson, PageContext, Props, ThemeRuntime } from './themeRuntime';

// One puck-config.json field as a Puck field. Unknown types edit as text, so a theme built for
// a newer editor still opens.
export function toPuckField(f: FieldJson): Field {
  const label = f.label;
  switch (f.type) {
    case 'textarea':
      return { type: 'textarea', label };
    case 'number':
      return { type: 'number', label, min: f.min, max: f.max };
    case 'select':
    case 'radio':
      return {
        type: f.type,
        label,
        options: (f.options ?? []).map((o) => ({ label: o.label, value: o.value as string })),
      };
    case 'array':
      return {
        type: 'array',
        label,
        arrayFields: mapFields(f.arrayFields ?? {}),
        defaultItemProps: f.defaultItemProps,
      } as Field;
    case 'object':
      return { type: 'object', label, objectFields: mapFields(f.objectFields ?? {}) } as Field;
    default:
      return { type: 'text', label };
  }
}

function mapFields(fields: Record<string, FieldJson>): Record<string, Field> {
  const out: Record<string, Field> = {};
  for (const [name, f] of Object.entries(fields)) out[name] = toPuckField(f);
  return out;
}

// A block's markup inside the canvas: `display: contents` so the wrapper adds no box and the
// theme's CSS lays the block out as on the storefront.
function BlockHtml({ html, error, name }: { html: string; error?: string; name: string }): ReactNode {
  if (error)
    return (
      <div className="vitrine-block-error" role="alert" data-component={name}>
        {error}
      </div>
    );
  return <div style={{ display: 'contents' }} data-component={name} dangerouslySetInnerHTML={{ __html: html }} />;
}

export function buildPuckConfig(runtime: ThemeRuntime, page: () => PageContext): Config {
  const components: Record<string, ComponentConfig<Props>> = {};
  for (const [name, c] of Object.entries(runtime.config.components)) {
    components[name] = {
      label: c.label ?? name,
      fields: mapFields(c.fields ?? {}) as ComponentConfig<Props>['fields'],
      defaultProps: c.defaultProps ?? {},
      render: (props: Props) => {
        const out = runtime.renderBlock(name, props, page());
        return <BlockHtml html={out.html} error={out.error} name={name} />;
      },
    };
  }
  const categories: Config['categories'] = {};
  for (const [key, cat] of Object.entries(runtime.config.categories ?? {}))
    categories[key] = { title: cat.title, components: cat.components };
  const root = runtime.config.root;
  return {
    components,
    categories,
    root: {
      fields: mapFields(root?.fields ?? {}) as ComponentConfig<Props>['fields'],
      defaultProps: root?.defaultProps ?? {},
      render: ({ children }: { children?: ReactNode }) => <>{children}</>,
    },
  } as Config;
}
