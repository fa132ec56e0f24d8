import { describe, expect, it } from 'vitest';

import { problemsByBlock, withDefaults } from './documents';
import { toPuckField } from './fields';
import type { PuckConfigJson } from './themeRuntime';

describe('toPuckField', () => {
  it("keeps a select's labels and values, so the owner picks by name", () => {
    const field = toPuckField({
      type: 'select',
      label: 'Tone',
      options: [
        { label: 'Teal', value: 'primary' },
        { label: 'Ink', value: 'dark' },
      ],
    });
    expect(field).toEqual({
      type: 'select',
      label: 'Tone',
      options: [
        { label: 'Teal', value: 'primary' },
        { label: 'Ink', value: 'dark' },
      ],
    });
  });

  it('maps array items field by field, with the default a new item starts with', () => {
    const field = toPuckField({
      type: 'array',
      label: 'Navigation',
      arrayFields: { label: { type: 'text', label: 'Label' }, url: { type: 'text', label: 'URL' } },
      defaultItemProps: { label: 'New link', url: '/' },
    }) as { arrayFields: Record<string, { type: string; label: string }>; defaultItemProps: unknown };
    expect(field.arrayFields.url).toEqual({ type: 'text', label: 'URL' });
    expect(field.defaultItemProps).toEqual({ label: 'New link', url: '/' });
  });

  it('edits a field type this editor does not know as text instead of refusing the theme', () => {
    expect(toPuckField({ type: 'colour-wheel', label: 'Accent' })).toEqual({ type: 'text', label: 'Accent' });
  });
});

describe('withDefaults', () => {
  const config: PuckConfigJson = {
    components: { Hero: { defaultProps: { title: 'Default title', layout: 'split' } } },
    root: { defaultProps: { title: 'Home' } },
  };

  it("shows a block's theme defaults in its fields, under what the owner already set", () => {
    const doc = withDefaults(
      {
        content: [{ type: 'Hero', props: { id: 'hero', layout: 'centered' } }],
        root: { props: {} },
        zones: { 'hero:aside': [{ type: 'Hero', props: { id: 'inner' } }] },
      },
      { config },
    );
    expect(doc.content[0].props).toEqual({ id: 'hero', title: 'Default title', layout: 'centered' });
    expect(doc.zones!['hero:aside'][0].props.title).toBe('Default title');
    expect(doc.root.props).toEqual({ title: 'Home' });
  });

  it('leaves blocks of components the theme lacks as they are', () => {
    const doc = withDefaults({ content: [{ type: 'Gone', props: { id: 'g', x: 1 } }], root: {} }, { config });
    expect(doc.content[0].props).toEqual({ id: 'g', x: 1 });
  });
});

describe('problemsByBlock', () => {
  it("puts each of the server's problems on the block it points into, zones included", () => {
    const doc = {
      content: [
        { type: 'Hero', props: { id: 'hero' } },
        { type: 'VibeCode', props: { id: 'mine' } },
      ],
      zones: { 'hero:aside': [{ type: 'Hero', props: { id: 'inner' } }] },
    };
    const map = problemsByBlock(
      [
        { pointer: '/pages/~1about/content/1/props/code', message: 'uses require', line: 2, column: 3 },
        { pointer: '/pages/~1about/zones/hero:aside/0/props/layout', message: 'must be one of' },
        { pointer: '/pages/~1/content/0/props/title', message: 'another page' },
      ],
      '/about',
      doc,
    );
    expect(map.get('mine')).toEqual([{ pointer: '/pages/~1about/content/1/props/code', message: 'uses require', line: 2, column: 3 }]);
    expect(map.get('inner')?.[0].message).toBe('must be one of');
    expect(map.has('hero')).toBe(false);
  });
});
