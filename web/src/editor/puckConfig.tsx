// The Puck editor's config for a theme version: fields, labels and defaults from its
// puck-config.json; every component's render is the theme's own render function (ThemeRuntime).
import type { ComponentConfig, Config } from '@puckeditor/core';
import type { ReactNode } from 'react';

import { mapFields } from './fields';
import type { PageContext, Props, ThemeRuntime } from './themeRuntime';
import { kVibeCodeDefault, VibeCodeField, VibePreview } from './vibe';

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

// `page` and `css` are read at render time: the page's ctx and the canvas's variables and custom
// CSS (for the VibeCode preview, which has its own document).
export function buildPuckConfig(runtime: ThemeRuntime, page: () => PageContext, css: () => string): Config {
  const components: Record<string, ComponentConfig<Props>> = {};
  // Every theme takes the shop owner's own code (README "VibeCode blocks").
  components.VibeCode = {
    label: 'VibeCode (your own code)',
    fields: {
      code: {
        type: 'custom',
        label: 'Code',
        render: ({ value, onChange }) => <VibeCodeField value={value as string} onChange={onChange} />,
      },
    } as ComponentConfig<Props>['fields'],
    defaultProps: { code: kVibeCodeDefault },
    render: (props: Props) => (
      <VibePreview
        runtime={runtime}
        css={css()}
        code={String(props.code ?? '')}
        props={(props.props as Props) ?? {}}
        page={page()}
      />
    ),
  };
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
