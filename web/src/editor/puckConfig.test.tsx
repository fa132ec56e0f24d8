import { describe, expect, it } from 'vitest';

import { withDefaults } from './documents';
import { toPuckField } from './puckConfig';
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
