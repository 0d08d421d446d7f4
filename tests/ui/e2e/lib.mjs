// Shared set-up of the browser tests: the cluster they are given (environment), Debian's Chromium
// through playwright-core, pages that record console errors and failed requests, and API polling.
//
// Environment (tests/integration/test_ui_browser.py sets it):
//   DROVE_E2E_URL      the leading controller, e.g. http://127.0.0.1:4000
//   DROVE_E2E_USERS    JSON {ROLE: [user, password]} for ROOT, RW, RO, MAINTENANCE
//   DROVE_E2E_FIXTURE  JSON of what the cluster holds (app ids, instance ids, log paths, pids, ...)
//   DROVE_E2E_SHOTS    folder for the screenshots
//   DROVE_E2E_CHROMIUM the browser (default /usr/bin/chromium)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const BASE_URL = (process.env.DROVE_E2E_URL || '').replace(/\/$/, '');
export const USERS = JSON.parse(process.env.DROVE_E2E_USERS || '{}');
export const FIXTURE = JSON.parse(process.env.DROVE_E2E_FIXTURE || '{}');
const SHOTS = process.env.DROVE_E2E_SHOTS || '';
const READY_TIMEOUT_MS = 15000;

export async function launch() {
  return chromium.launch({
    executablePath: process.env.DROVE_E2E_CHROMIUM || '/usr/bin/chromium',
    // Root has no user namespace sandbox in CI containers.
    args: ['--no-sandbox', '--disable-gpu'],
  });
}

// A context logged in as `role` (Basic auth sent to every origin, as the browser's prompt would
// after a leader change moves the page to another controller).
export async function contextFor(browser, role = 'ROOT') {
  const [username, password] = USERS[role] || [];
  return browser.newContext({
    httpCredentials: username ? { username, password } : undefined,
    ignoreHTTPSErrors: true,
    viewport: { width: 1440, height: 900 },
  });
}

// A page that collects what a user would call broken: console errors, uncaught exceptions,
// requests that failed or answered >= 400, any dialog (alert/confirm) the page opened, and
// requests that left the controllers' origins (the UI must load nothing from elsewhere).
export async function watchedPage(context) {
  const page = await context.newPage();
  const problems = { console: [], failed: [], dialogs: [], foreign: [] };
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (!['http:', 'https:'].includes(url.protocol) || url.hostname === 'localhost') return;
    if (!isController(url)) problems.foreign.push(req.url());
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.console.push(msg.text());
  });
  page.on('pageerror', (err) => problems.console.push('uncaught: ' + err.message));
  page.on('requestfailed', (req) => {
    problems.failed.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) {
      problems.failed.push(`${res.request().method()} ${res.url()}: ${res.status()}`);
    }
  });
  page.on('dialog', async (dialog) => {
    problems.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  return { page, problems };
}

// A controller of this cluster: 127.x addresses or this machine's name (the leader's 303s use it).
function isController(url) {
  return url.hostname.startsWith('127.') || url.origin === new URL(BASE_URL).origin ||
    url.hostname === os.hostname();
}

// Opens `uiPath` and waits for the page's first data render (<main id=page data-ready=true>).
export async function openReady(page, uiPath, timeout = READY_TIMEOUT_MS, base = BASE_URL) {
  const res = await page.goto(base + uiPath);
  if (res && res.status() !== 200) throw new Error(`GET ${uiPath}: HTTP ${res.status()}`);
  await page.waitForSelector('main#page[data-ready="true"]', { timeout });
  return page.getAttribute('main#page', 'data-page');
}

export async function screenshot(page, name) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: true });
}

// Text of a [data-field=name] element, or null when absent.
export async function field(page, name) {
  const el = await page.$(`[data-field="${name}"]`);
  return el ? (await el.textContent()).trim() : null;
}

export function authorization(role) {
  const [username, password] = USERS[role];
  return 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64');
}

// GET /apis/v1<apiPath> as ROOT; the Drove envelope's data.
export async function apiData(apiPath) {
  const res = await fetch(BASE_URL + '/apis/v1' + apiPath, {
    headers: { Authorization: authorization('ROOT') },
  });
  if (res.status !== 200) throw new Error(`GET ${apiPath}: ${res.status} ${await res.text()}`);
  return (await res.json()).data;
}

// POST a JSON body to /apis/v1<apiPath> as ROOT; throws unless 200.
export async function apiPost(apiPath, body) {
  const res = await fetch(BASE_URL + '/apis/v1' + apiPath, {
    method: 'POST',
    headers: { Authorization: authorization('ROOT'), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`POST ${apiPath}: ${res.status} ${await res.text()}`);
}

export async function healthyCount(appId) {
  const instances = await apiData(`/applications/${appId}/instances`);
  return instances.filter((i) => i.state === 'HEALTHY').length;
}

// Polls `predicate` (async) every `intervalMs` until truthy; its value, or throws naming `what`.
export async function waitFor(predicate, timeoutMs, what, intervalMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// The fixture key a test needs; the test is skipped when the cluster was not set up for it.
export function needs(t, ...keys) {
  const missing = keys.filter((k) => FIXTURE[k] === undefined);
  if (missing.length) t.skip(`fixture lacks ${missing.join(', ')}`);
  return missing.length === 0;
}
