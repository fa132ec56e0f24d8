// The measuring half of bench/admin-load.sh (which starts the servers):
//   node bench/admin-load.mjs <vitrine url> <nginx url> <demo password> <rounds>
// Time to interactive is taken in the page: from navigation start (performance.timeOrigin) to
// the first animation frame in which the screen's control exists and is enabled.
import { launchBrowser } from '../web/e2e/harness.mjs';

const [vitrine, nginx, password, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg || 9);
const browser = await launchBrowser();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Bytes of the page's own document and resources as they came over the wire (bodies, encoded).
const wireBytes = (page) =>
  page.evaluate(() =>
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].reduce(
      (sum, e) => sum + e.encodedBodySize,
      0,
    ),
  );

// Loads `url` in a fresh context (empty cache) and waits for `ready` (run in the page each frame,
// returning true once the screen can be used): {ms, bytes}.
async function load(url, ready, storageState) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, storageState });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(`(${ready})() ? performance.now() : false`, null, {
    polling: 'raf',
    timeout: 60000,
  });
  const ms = await handle.jsonValue();
  await page.waitForLoadState('networkidle');
  const bytes = await wireBytes(page);
  await context.close();
  return { ms, bytes };
}

const signInReady = `() => { const b = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Sign in'); return !!b && !b.disabled; }`;
const editorReady = `() => !!document.querySelector('iframe#preview-frame')?.contentDocument?.querySelector('[data-component]')`;

// A session for the editor rounds, and the demo shop's live customization.
const login = await (
  await fetch(`${vitrine}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'demo@vitrine.localhost', password }),
  })
).json();
if (!login.token) throw new Error(`could not sign in as the demo owner: ${JSON.stringify(login)}`);
const auth = { headers: { Authorization: `Bearer ${login.token}` } };
const shops = await (await fetch(`${vitrine}/api/workspaces`, auth)).json();
const shop = shops.items.find((w) => w.slug === 'demo-shop');
const customizations = await (await fetch(`${vitrine}/api/workspaces/${shop.id}/customizations`, auth)).json();
const live = customizations.items.find((c) => c.is_active);
const storageState = {
  cookies: [],
  origins: [{ origin: vitrine, localStorage: [{ name: 'vitrine.session', value: JSON.stringify(login) }] }],
};
const editorUrl = `${vitrine}/admin/shops/${shop.id}/editor/${live.id}?page=%2F`;

const results = { vitrine: [], nginx: [], editor: [] };
let bytes = {};
for (let i = 0; i < rounds; i++) {
  // Alternating servers so both see the same machine noise.
  const v = await load(`${vitrine}/admin/`, signInReady);
  const n = await load(`${nginx}/admin/`, signInReady);
  const e = await load(editorUrl, editorReady, storageState);
  results.vitrine.push(v.ms);
  results.nginx.push(n.ms);
  results.editor.push(e.ms);
  bytes = { vitrine: v.bytes, nginx: n.bytes, editor: e.bytes };
}
await browser.close();

const kb = (b) => (b / 1024).toFixed(1) + ' KB';
console.log(`sign-in first load on the wire: vitrine ${kb(bytes.vitrine)}, nginx gzip ${kb(bytes.nginx)}`);
console.log(`editor load on the wire (app, editor chunk, theme files, catalogue): ${kb(bytes.editor)}`);
console.log(`sign-in time to interactive (median of ${rounds}): vitrine ${median(results.vitrine).toFixed(0)} ms, nginx ${median(results.nginx).toFixed(0)} ms`);
console.log(`editor time to interactive (median of ${rounds}): ${median(results.editor).toFixed(0)} ms`);
console.log(`admin-load nginx/vitrine ratio: ${(median(results.nginx) / median(results.vitrine)).toFixed(2)}`);
