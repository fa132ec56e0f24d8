// The shop's theme settings beside the canvas: every CSS variable of the theme version (colours
// as colour pickers, the rest as text) and the custom CSS and JavaScript of the customization.
import type { ReactNode } from 'react';

export interface SettingsDraft {
  variables: Record<string, string>; // overrides of the theme's defaults only
  customCss: string;
  customJs: string;
}

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

// "--color-primary-hover" → "Color primary hover".
function label(name: string): string {
  const words = name.replace(/^--/, '').replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// <input type="color"> takes #rrggbb only.
function sixDigits(hex: string): string {
  return hex.length === 4 ? '#' + [...hex.slice(1)].map((c) => c + c).join('') : hex;
}

export function ThemeSettings({
  defaults,
  draft,
  onChange,
  onClose,
}: {
  defaults: Record<string, string>;
  draft: SettingsDraft;
  onChange: (next: SettingsDraft) => void;
  onClose: () => void;
}): ReactNode {
  const set = (name: string, value: string) => {
    const variables = { ...draft.variables };
    if (value === defaults[name] || value === '') delete variables[name];
    else variables[name] = value;
    onChange({ ...draft, variables });
  };
  return (
    <aside className="theme-settings" role="dialog" aria-label="Theme settings">
      <header>
        <h2>Theme settings</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      {Object.entries(defaults).map(([name, fallback]) => {
        const value = draft.variables[name] ?? fallback;
        const colour = HEX.test(fallback);
        return (
          <div className="setting" key={name}>
            <label htmlFor={`var${name}`}>{label(name)}</label>
            <div className="setting-inputs">
              {colour && (
                <input
                  type="color"
                  aria-label={`${label(name)} colour`}
                  value={HEX.test(value) ? sixDigits(value) : sixDigits(fallback)}
                  onChange={(e) => set(name, e.target.value)}
                />
              )}
              <input id={`var${name}`} value={value} onChange={(e) => set(name, e.target.value)} />
              {draft.variables[name] !== undefined && (
                <button type="button" onClick={() => set(name, fallback)} aria-label={`Reset ${label(name)}`}>
                  Reset
                </button>
              )}
            </div>
          </div>
        );
      })}
      <label>
        Custom CSS
        <textarea rows={6} value={draft.customCss} onChange={(e) => onChange({ ...draft, customCss: e.target.value })} />
      </label>
      <label>
        Custom JavaScript (runs on the storefront only)
        <textarea rows={6} value={draft.customJs} onChange={(e) => onChange({ ...draft, customJs: e.target.value })} />
      </label>
    </aside>
  );
}
