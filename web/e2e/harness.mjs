// What the admin's browser tests share: a real `vitrine demo` on an ephemeral port with its own
// data folder, and Debian's Chromium driven by playwright-core (browsers cannot be downloaded
// here). Screenshots go to $VITRINE_SCREENSHOTS (default build/screenshots) for review.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
export const binary = process.env.VITRINE_BIN || path.join(root, 'build', 'vitrine');
export const screenshots = process.env.VITRINE_SCREENSHOTS || path.join(root, 'build', 'screenshots');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

// Starts `vitrine demo` and resolves once it listens: {url, port, password, stop()}.
export async function startDemo() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vitrine-admin-e2e-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(binary, ['demo', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir], {
    cwd: root, // the demo syncs the sample themes from ./themes
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const password = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vitrine demo did not start in 60 s:\n${log}`)), 60000);
    const onData = (chunk) => {
      log += chunk;
      const m = /Demo shop owner: [^,]*, password ([A-Za-z0-9]+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`vitrine demo exited (${code}):\n${log}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const cli = (...args) =>
    new Promise((resolve, reject) => {
      const p = spawn(binary, [...args, '--data-dir', dataDir], { cwd: root });
      let out = '';
      p.stdout.on('data', (c) => (out += c));
      p.stderr.on('data', (c) => (out += c));
      p.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`vitrine ${args.join(' ')}: ${out}`))));
    });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    email: 'demo@vitrine.localhost',
    password,
    log: () => log,
    // An admin token from the CLI, as an operator makes one.
    adminToken: async () => (await cli('token', 'create', '--admin')).split(/\s+/).pop(),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  if (!existsSync(chromiumPath))
    throw new Error(`${chromiumPath} is missing: scripts/install-deps.sh test installs Debian's chromium`);
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
}

export async function screenshot(page, name) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: false });
}

// Signs in through the login form.
export async function signIn(page, server) {
  await page.goto(`${server.url}/admin/`);
  await page.getByLabel('Email').fill(server.email);
  await page.getByLabel('Password').fill(server.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your shops' }).waitFor();
}

// The JSON of an API call made outside the browser (setting up other users' data).
export async function apiCall(server, method, path, token, body) {
  const res = await fetch(server.url + path, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}
