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

// What the editor's canvas shows for every block of a page, serialized by the browser.
async function canvasHtml(page) {
  const frame = page.frameLocator('iframe#preview-frame');
  await frame.locator('[data-component]').first().waitFor();
  return frame.locator('body').evaluate(() =>
    [...document.querySelectorAll('[data-component]')].map((e) => e.innerHTML).join(''),
  );
}

// The first place two strings differ, with some context, for a readable failure.
function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}:\n  editor: ${a.slice(Math.max(0, i - 80), i + 120)}\n  server: ${b.slice(Math.max(0, i - 80), i + 120)}`;
}

for (const shop of [
  { name: 'Kendu', domain: 'demo-shop.localhost' },
  { name: 'Da Lucia', domain: 'da-lucia.localhost' },
  { name: 'Field Notes', domain: 'field-notes.localhost' },
]) {
  test(`the editor's canvas is the storefront's markup, block for block (${shop.name})`, async () => {
    const page = await newPage();
    await signIn(page, server);
    await page.getByRole('link', { name: shop.name }).click();
    await page.getByRole('row', { name: /live/ }).getByRole('link', { name: 'Edit' }).click();
    const editor = await canvasHtml(page);
    await screenshot(page, `editor-${shop.domain.split('.')[0]}`);

    const storefront = await newPage();
    await storefront.goto(`http://${shop.domain}:${server.port}/`);
    const body = await storefront.locator('body').evaluate((b) => b.innerHTML);
    assert.ok(editor.length > 1000, `the canvas rendered only ${editor.length} characters`);
    const start = body.indexOf(editor.slice(0, 200));
    assert.ok(start >= 0, `the first block differs: ${firstDifference(editor, body.slice(body.indexOf('<')))}`);
    const served = body.slice(start, start + editor.length);
    assert.ok(served === editor, `the canvas differs from the storefront ${firstDifference(editor, served)}`);
  });
}
