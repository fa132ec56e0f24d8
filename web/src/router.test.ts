import { describe, expect, it } from 'vitest';

import { href, parseRoute } from './router';

describe('routes', () => {
  it("an editor link names the shop, the customization and the page, and reads back the same", () => {
    const route = { name: 'editor', workspaceId: 'w1', customizationId: 'c 2', path: '/pages/care' } as const;
    const url = new URL(href(route), 'http://x');
    expect(url.pathname).toBe('/admin/shops/w1/editor/c%202');
    expect(parseRoute(url.pathname, url.search)).toEqual(route);
  });

  it('an unknown admin path is "not found", not the shop list', () => {
    expect(parseRoute('/admin/nowhere/at/all', '')).toEqual({ name: 'not-found' });
    expect(parseRoute('/admin/', '')).toEqual({ name: 'workspaces' });
  });
});
