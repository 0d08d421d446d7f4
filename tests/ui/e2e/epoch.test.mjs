// drove-epoch's pages in Chromium (run by tests/integration/test_epoch_ui.py; DROVE_E2E_URL is
// drove-epoch there): create a topology through the form while the cron preview shows the next
// fire times, run it now, and follow the run's link to its task page on the Drove controller.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { FIXTURE, contextFor, launch, needs, openReady, screenshot, waitFor, watchedPage } from './lib.mjs';

const NAME = 'e2e-nightly';

async function fillForm(page) {
  await page.fill('input[name=name]', NAME);
  await page.fill('input[name=cron]', '0 0 12 * * *');  // both day fields set: invalid
  await page.waitForSelector('[data-role=cron-error]');
  await page.fill('input[name=cron]', '0 0 0 1 * ? 2099');
  await page.waitForSelector('[data-role=next-fires] li:nth-child(5)');
  const fires = await page.$$eval('[data-role=next-fires] li', (lis) => lis.map((li) => Number(li.dataset.ms)));
  assert.deepEqual(fires, [0, 1, 2, 3, 4].map((m) => Date.UTC(2099, m, 1)));
  await page.fill('input[name=docker]', FIXTURE.image);
  await page.fill('input[name=cpus]', '1');
  await page.fill('input[name=memory]', '128');
  await page.fill('input[name=notifyEmail]', 'ops@example.com');
  await page.fill('textarea[name=env]', 'ITERATIONS=1\nSLEEP=0.1\nEXIT_CODE=0');
}

test('epoch: create through the form, run now, the run links to its Drove task', async (t) => {
  if (!needs(t, 'epoch', 'image', 'controller')) return;
  const browser = await launch();
  try {
    const { page, problems } = await watchedPage(await contextFor(browser, 'RW'));
    assert.equal(await openReady(page, '/ui/new'), 'form');
    await fillForm(page);
    await screenshot(page, 'epoch-form');
    await page.click('form.topology-form button[type=submit]');
    await page.waitForURL(`**/ui/topologies/${NAME}`);
    await page.waitForSelector('main#page[data-ready="true"]');
    await page.click('button[data-action=run]');
    await page.click('dialog[data-action=run] button[type=submit]');
    const text = await waitFor(async () => {
      const t = await page.textContent('dialog[data-action=run] [data-role=message]');
      return /^Run EIR-/.test(t) && t;
    }, 10000, 'run started');
    const runId = text.split(' ')[1];
    await page.click('dialog[data-action=run] button[type=button]');
    const href = await waitFor(
        () => page.getAttribute(`tr[data-run-id="${runId}"] a[data-role=drove-task]`, 'href'),
        60000, 'the run\'s Drove task link');
    assert.match(href, new RegExp(`^${FIXTURE.controller}/tasks/${FIXTURE.appName}/${NAME}-${runId}-docker-task$`));
    await screenshot(page, 'epoch-topology');
    assert.deepEqual(problems, { console: [], failed: [], dialogs: [], foreign: [] });
  } finally {
    await browser.close();
  }
});

test('epoch: a read-only user sees no actions', async (t) => {
  if (!needs(t, 'epoch')) return;
  const browser = await launch();
  try {
    const { page } = await watchedPage(await contextFor(browser, 'RO'));
    assert.equal(await openReady(page, '/ui/'), 'topologies');
    assert.equal(await page.$$eval('button[data-action]', (b) => b.length), 0);
    assert.equal(await page.isHidden('#nav-new'), true);
  } finally {
    await browser.close();
  }
});
