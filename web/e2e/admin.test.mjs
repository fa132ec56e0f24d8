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
  page.setDefaultTimeout(45000);
  return page;
}

// Drags the palette's `label` into the canvas just below `target` (a locator in the canvas
// frame), with the mouse in small steps as a person drags.
async function dragIntoCanvas(page, label, target) {
  const item = page.locator('[class*="DrawerItem"]', { hasText: label }).first();
  await item.scrollIntoViewIfNeeded();
  const from = await item.boundingBox();
  await target.scrollIntoViewIfNeeded();
  const to = await target.boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2, { steps: 5 });
  const x = to.x + to.width / 2;
  const y = to.y + to.height * 0.8;
  await page.mouse.move(x, y, { steps: 25 });
  await page.mouse.move(x, y + 4, { steps: 5 });
  await page.mouse.up();
}

// The storefront's home page in a fresh tab: hero title, product grids, VibeCode output, accent.
async function storefront(url) {
  const shop = await newPage();
  const response = await shop.goto(url);
  assert.equal(response.status(), 200);
  const seen = {
    title: (await shop.locator('.kd-hero__title').textContent()).trim(),
    grids: await shop.locator('.kd-products').count(),
    vibe: await shop.getByText('Made with care by Harbour Lights').count(),
    primary: await shop.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--color-primary').trim(),
    ),
  };
  return { shop, seen };
}

test('a new shop picks kendustorenew, edits the hero, colour, a product grid and a VibeCode block, publishes, sees it, and rolls back', async () => {
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
  // The theme as it comes goes live first: the page the owner will roll back to.
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Published' }).waitFor();
  const url = `http://${slug}.localhost:${server.port}/`;
  const before = (await storefront(url)).seen;
  assert.equal(before.title, 'Everyday objects, made to last a lifetime');
  assert.equal(before.vibe, 0);
  assert.equal(before.primary, '#0f766e');

  // The live site is edited as a draft copy.
  await page.getByRole('link', { name: 'Shop' }).click();
  await page.getByRole('row', { name: /live/ }).getByRole('button', { name: 'Edit a draft copy' }).click();
  await heroTitle.waitFor();
  await heroTitle.click();
  const title = page.getByLabel('Title', { exact: true }).filter({ visible: true });
  // The field shows what the canvas shows: the theme's default until the owner changes it.
  assert.equal(await title.inputValue(), 'Everyday objects, made to last a lifetime');
  await title.fill('Lanterns for long evenings');
  await canvas.locator('.kd-hero__title', { hasText: 'Lanterns for long evenings' }).waitFor();
  await screenshot(page, 'editor-hero-edited');

  await page.getByRole('button', { name: 'Theme settings' }).click();
  const primary = page.getByRole('dialog', { name: 'Theme settings' }).getByLabel('Color primary', { exact: true });
  await primary.fill('#aa2200');
  await page.waitForFunction(
    () =>
      getComputedStyle(document.querySelector('iframe#preview-frame').contentDocument.documentElement)
        .getPropertyValue('--color-primary')
        .trim() === '#aa2200',
  );
  await screenshot(page, 'editor-colour');
  await page.getByRole('dialog', { name: 'Theme settings' }).getByRole('button', { name: 'Close' }).click();

  const grids = await canvas.locator('.kd-products').count();
  await dragIntoCanvas(page, 'Product grid', canvas.locator('.kd-hero'));
  await canvas.locator('.kd-products').nth(grids).waitFor();
  await dragIntoCanvas(page, 'VibeCode', canvas.locator('.kd-hero'));
  await canvas.locator('iframe[title="VibeCode preview"]').waitFor();
  await screenshot(page, 'editor-blocks-added');

  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Published' }).waitFor();
  const published = await storefront(url);
  assert.deepEqual(published.seen, {
    title: 'Lanterns for long evenings',
    grids: before.grids + 1,
    vibe: 1,
    primary: '#aa2200',
  });
  await screenshot(published.shop, 'storefront-published');

  await page.getByRole('link', { name: 'Shop' }).click();
  await page.getByRole('button', { name: 'Roll back to the previous version' }).click();
  await page.getByTestId('history').getByText('rollback').waitFor();
  await screenshot(page, 'shop-rolled-back');
  const rolledBack = await storefront(url);
  assert.deepEqual(rolledBack.seen, before);
  await screenshot(rolledBack.shop, 'storefront-rolled-back');
});

// Signs in and opens the editor on a draft copy of the demo shop Kendu's live site.
async function editKenduCopy() {
  const page = await newPage();
  await signIn(page, server);
  await page.getByRole('link', { name: 'Kendu' }).click();
  await page.getByRole('row', { name: /live/ }).getByRole('button', { name: 'Edit a draft copy' }).click();
  const canvas = page.frameLocator('iframe#preview-frame');
  await canvas.locator('.kd-hero').waitFor();
  return { page, canvas };
}

test('a VibeCode block whose code the server refuses shows the problem at its line and column, and nothing is saved', async () => {
  const { page, canvas } = await editKenduCopy();
  await dragIntoCanvas(page, 'VibeCode', canvas.locator('.kd-hero'));
  await canvas.locator('iframe[title="VibeCode preview"]').waitFor();
  // Puck renders the fields twice (one copy for narrow layouts): the visible one.
  const code = page.getByLabel('Code', { exact: true }).filter({ visible: true });
  await code.fill("function render(props) {\n  const fs = require('fs');\n  return '';\n}");
  await page.getByRole('button', { name: 'Save draft' }).click();

  const problem = page.locator('.field-problem').filter({ visible: true });
  await problem.waitFor();
  assert.match(await problem.textContent(), /^Line 2, column 14: `require` is not allowed/);
  assert.equal(await code.getAttribute('aria-invalid'), 'true');
  // The error note says it in words, with the request id.
  await page.getByText(/request id/i).first().waitFor();
  assert.equal(await page.locator('.status').textContent(), '');
  await screenshot(page, 'editor-validation-error');

  const url = new URL(page.url());
  const [, , , workspaceId, , customizationId] = url.pathname.split('/');
  const session = await page.evaluate(() => JSON.parse(localStorage.getItem('vitrine.session')));
  const saved = await apiCall(server, 'GET', `/api/customizations/${customizationId}`, session.token);
  assert.equal(saved.workspace_id, workspaceId);
  assert.equal(JSON.stringify(saved.pages).includes('require'), false, 'the refused code was saved');
});

test('pages are added, renamed and deleted in the editor, and leaving with unsaved changes asks first', async () => {
  const { page, canvas } = await editKenduCopy();
  const pageSelect = page.getByLabel('Page', { exact: true });

  await page.getByRole('button', { name: 'Pages', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Pages' });
  await panel.getByLabel('New page path').fill('/lookbook');
  await panel.getByRole('button', { name: 'Add page' }).click();
  await page.waitForURL(/page=%2Flookbook/);
  assert.equal(await pageSelect.inputValue(), '/lookbook');
  await screenshot(page, 'editor-page-added');

  // The panel stays open on the page it opened.
  await panel.getByRole('button', { name: 'Rename /lookbook' }).click();
  await panel.getByLabel('New path for /lookbook').fill('/lookbook-2027');
  await panel.getByRole('button', { name: 'Rename', exact: true }).click();
  await page.waitForURL(/page=%2Flookbook-2027/);
  const options = await pageSelect.locator('option').allTextContents();
  assert.ok(options.includes('/lookbook-2027') && !options.includes('/lookbook'), options.join(' '));

  page.once('dialog', (d) => d.accept());
  await panel.getByRole('button', { name: 'Delete /lookbook-2027' }).click();
  await page.waitForURL(/page=%2F$/);
  await canvas.locator('.kd-hero').waitFor();
  const left = await pageSelect.locator('option').allTextContents();
  assert.ok(!left.includes('/lookbook-2027'), left.join(' '));

  // An unsaved edit: leaving asks, and staying keeps it.
  await canvas.locator('.kd-hero__title').click();
  await page.getByLabel('Title', { exact: true }).filter({ visible: true }).fill('Not saved yet');
  await page.locator('.status', { hasText: 'Unsaved changes' }).waitFor();
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    d.dismiss();
  });
  await page.getByRole('link', { name: 'Shop' }).click();
  assert.match(asked, /unsaved changes/);
  await canvas.locator('.kd-hero__title', { hasText: 'Not saved yet' }).waitFor();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('link', { name: 'Shop' }).click();
  await page.getByRole('heading', { name: 'Kendu', exact: true }).waitFor();
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
    await page.getByRole('row', { name: /live/ }).getByRole('button', { name: 'Edit a draft copy' }).click();
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
