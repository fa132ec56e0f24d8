// The admin app in Debian's Chromium against the real binary (`vitrine demo`), as a shop owner
// uses it. Run: node --test e2e/ (CTest runs it as admin_browser).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { apiCall, launchBrowser, screenshot, signIn, startDemo } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startDemo();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(20000);
  return page;
}

test('a new shop picks kendustorenew, changes the hero title in the editor, publishes and sees it on the storefront', async () => {
  const page = await newPage();
  await signIn(page, server);
  await screenshot(page, 'workspaces');

  await page.getByLabel('Shop name').fill('Harbour Lights');
  await page.getByRole('button', { name: 'Create shop' }).click();
  await page.getByRole('heading', { name: 'Harbour Lights' }).waitFor();
  const slug = await page.getByTestId('shop-slug').textContent();
  assert.match(slug, /^harbour-lights-[a-z0-9]+$/);
  await screenshot(page, 'shop-new');

  await page.locator('li[data-theme="kendustorenew"]').getByRole('button', { name: 'Use this theme' }).click();
  const canvas = page.frameLocator('iframe#preview-frame');
  const heroTitle = canvas.locator('.kd-hero__title');
  await heroTitle.waitFor();
  // The canvas is the theme's own render function with the theme's CSS.
  assert.equal((await heroTitle.textContent()).trim(), 'Everyday objects, made to last a lifetime');
  assert.equal(await canvas.locator('.kd-header').count(), 1);
  await screenshot(page, 'editor');

  await heroTitle.click();
  const title = page.getByLabel('Title', { exact: true }).filter({ visible: true });
  // The field shows what the canvas shows: the theme's default until the owner changes it.
  assert.equal(await title.inputValue(), 'Everyday objects, made to last a lifetime');
  await title.fill('Lanterns for long evenings');
  await canvas.locator('.kd-hero__title', { hasText: 'Lanterns for long evenings' }).waitFor();
  await screenshot(page, 'editor-hero-edited');

  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Published' }).waitFor();

  const shop = await newPage();
  const response = await shop.goto(`http://${slug}.localhost:${server.port}/`);
  assert.equal(response.status(), 200);
  assert.equal((await shop.locator('.kd-hero__title').textContent()).trim(), 'Lanterns for long evenings');
  await screenshot(shop, 'storefront-published');
});

test("another user's shop is 'not found', not an error or an empty screen", async () => {
  const admin = await server.adminToken();
  await apiCall(server, 'POST', '/api/users', admin, { email: 'neighbour@example.com', password: 'neighbour-pass-1' });
  const login = await apiCall(server, 'POST', '/api/auth/login', null, {
    email: 'neighbour@example.com',
    password: 'neighbour-pass-1',
  });
  const theirs = await apiCall(server, 'POST', '/api/workspaces', login.token, { name: 'Next Door' });

  const page = await newPage();
  await signIn(page, server);
  await page.goto(`${server.url}/admin/shops/${theirs.id}`);
  await page.getByRole('heading', { name: 'Not found' }).waitFor();
  assert.equal(await page.getByText('Next Door').count(), 0);
  await screenshot(page, 'cross-tenant-not-found');
});

test('an ended session sends the owner back to sign in, saying why', async () => {
  const page = await newPage();
  await signIn(page, server);
  const session = await page.evaluate(() => JSON.parse(localStorage.getItem('vitrine.session')));
  await apiCall(server, 'POST', '/api/auth/logout', session.token);
  await page.getByRole('link', { name: 'Kendu' }).click();
  await page.getByText('Your session has ended: sign in again.').waitFor();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await screenshot(page, 'session-ended');
});
