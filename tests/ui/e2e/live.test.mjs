// Scaling from the app page, and how soon the page shows the controller's change: within 1 s over
// the event stream, within 6 s with the stream blocked (the polling fallback).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  FIXTURE, apiData, apiPost, contextFor, healthyCount, launch, needs, openReady, screenshot,
  waitFor, watchedPage,
} from './lib.mjs';

const STREAM = '**/apis/v1/cluster/events/stream**';
const SCALE_TIMEOUT_MS = 120000;

let browser;
let context;
before(async () => {
  browser = await launch();
  context = await contextFor(browser, 'ROOT');
});
after(async () => browser?.close());

// Scales `appId` to 3 through the dialog, then measures how long after the API first reports 3
// HEALTHY instances the page's [data-field=healthy] shows 3. Returns that lag in ms.
async function scaleToThreeAndMeasure(page, appId, shot) {
  await page.click('button[data-action="scale"]');
  await page.fill('dialog[open] input[name="instances"]', '3');
  await page.click('dialog[open] button[type="submit"]');
  let pageAt = 0;
  const pageShows = page
    .waitForFunction(
      () => document.querySelector('[data-field="healthy"]')?.textContent.trim() === '3',
      null, { timeout: SCALE_TIMEOUT_MS, polling: 'raf' })
    .then(() => { pageAt = Date.now(); });
  const apiAt = await waitFor(async () => (await healthyCount(appId)) === 3 && Date.now(),
    SCALE_TIMEOUT_MS, 'the API reporting 3 HEALTHY instances', 25);
  await pageShows;
  await screenshot(page, shot);
  assert.equal(await page.locator('tr[data-instance-id][data-state="HEALTHY"]').count(), 3,
    'three HEALTHY instance rows');
  return Math.max(0, pageAt - apiAt);
}

// Back to one instance through the API, for the next test.
async function scaleBackToOne(appId) {
  await apiPost('/applications/operations', { type: 'SCALE', appId, requiredInstances: 1,
    opSpec: { timeout: '5m', parallelism: 4, failureStrategy: 'STOP' } });
  await waitFor(async () => (await apiData(`/applications/${appId}/instances`)).length === 1,
    SCALE_TIMEOUT_MS, 'one instance left', 200);
}

// Waits until the page shows the one healthy instance the test starts from.
async function showsOneHealthy(page) {
  await waitFor(async () => (await page.textContent('[data-field="healthy"]')).trim() === '1',
    10000, 'the page showing 1 healthy instance');
}

test('scale 1 -> 3 from the app page shows 3 HEALTHY within 1 s via the stream', async (t) => {
  if (!needs(t, 'scaleAppId')) return;
  const appId = FIXTURE.scaleAppId;
  const { page, problems } = await watchedPage(context);
  try {
    await openReady(page, `/ui/apps/${appId}`);
    await waitFor(() => page.evaluate(() => document.body.dataset.live === 'stream'), 10000,
      'body[data-live=stream]');
    await showsOneHealthy(page);
    const lag = await scaleToThreeAndMeasure(page, appId, 'app-scaled-stream');
    console.log(`# stream: page showed 3 HEALTHY ${lag} ms after the API did`);
    assert.ok(lag < 1000, `page lagged the API by ${lag} ms (limit 1000)`);
    assert.deepEqual(problems.console, [], 'console errors');
  } finally {
    await page.close();
    await scaleBackToOne(appId);
  }
});

test('with the event stream blocked the page shows 3 HEALTHY within 6 s', async (t) => {
  if (!needs(t, 'scaleAppId')) return;
  const appId = FIXTURE.scaleAppId;
  const { page } = await watchedPage(context);
  try {
    await page.route(STREAM, (route) => route.abort());
    await openReady(page, `/ui/apps/${appId}`);
    await waitFor(() => page.evaluate(() => document.body.dataset.live === 'polling'), 10000,
      'body[data-live=polling]');
    await showsOneHealthy(page);
    const lag = await scaleToThreeAndMeasure(page, appId, 'app-scaled-polling');
    console.log(`# polling: page showed 3 HEALTHY ${lag} ms after the API did`);
    assert.ok(lag < 6000, `page lagged the API by ${lag} ms (limit 6000)`);
  } finally {
    await page.close();
    await scaleBackToOne(appId);
  }
});
