// puck-config.json fields (Puck's field shapes without functions) as Puck fields.
import type { Field } from '@puckeditor/core';

import type { FieldJson } from './themeRuntime';

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

export function mapFields(fields: Record<string, FieldJson>): Record<string, Field> {
  const out: Record<string, Field> = {};
  for (const [name, f] of Object.entries(fields)) out[name] = toPuckField(f);
  return out;
}
