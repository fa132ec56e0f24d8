import { describe, expect, it, vi } from 'vitest';

import { href, navigate, parseRoute, setLeaveGuard } from './router';

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

describe('leave guard', () => {
  it('asks before leaving unsaved work, stays when told no, and asks once when told yes', () => {
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    window.history.pushState(null, '', '/admin/shops/w1/editor/c1?page=%2F');
    setLeaveGuard('This page has unsaved changes. Leave without saving them?');
    expect(navigate({ name: 'workspaces' })).toBe(false);
    expect(location.pathname).toBe('/admin/shops/w1/editor/c1');
    expect(navigate({ name: 'workspaces' })).toBe(true);
    expect(location.pathname).toBe('/admin/');
    expect(navigate({ name: 'shop', workspaceId: 'w1' })).toBe(true);
    expect(confirm).toHaveBeenCalledTimes(2);
    expect(confirm).toHaveBeenCalledWith('This page has unsaved changes. Leave without saving them?');
  });
});
