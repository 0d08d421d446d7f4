// Every page of the UI (docs/ui.md, "Pages") loads to its first data render with no console error,
// no failed request and no dialog, and is photographed; the overview's figures match the API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BASE_URL, FIXTURE, apiData, contextFor, field, launch, openReady, screenshot, watchedPage,
} from './lib.mjs';

let browser;
let context;
before(async () => {
  browser = await launch();
  context = await contextFor(browser, 'ROOT');
});
after(async () => browser?.close());

// [screenshot name, data-page, path] of every page the fixture has the ids for.
function pages() {
  const f = FIXTURE;
  const list = [
    ['overview', 'overview', '/ui/'], ['apps', 'apps', '/ui/apps'], ['tasks', 'tasks', '/ui/tasks'],
    ['localservices', 'localservices', '/ui/localservices'],
    ['executors', 'executors', '/ui/executors'], ['topology', 'topology', '/ui/topology'],
    ['events', 'events', '/ui/events'], ['cluster', 'cluster', '/ui/cluster'],
  ];
  if (f.appId) list.push(['app', 'app', `/ui/apps/${f.appId}`]);
  if (f.instanceId) {
    list.push(['instance', 'instance', `/ui/apps/${f.appId}/instances/${f.instanceId}`]);
    list.push(['logs', 'logs', `/ui/logs/applications/${f.appId}/${f.instanceId}/output.log`]);
  }
  if (f.taskId) list.push(['task', 'task', `/ui/tasks/${f.sourceApp}/${f.taskId}`]);
  if (f.executorId) list.push(['executor', 'executor', `/ui/executors/${f.executorId}`]);
  if (f.serviceId) {
    list.push(['localservice', 'localservice', `/ui/localservices/${f.serviceId}`]);
  }
  return list;
}

for (const [name, dataPage, uiPath] of pages()) {
  test(`page ${name} (${uiPath}) loads with no console error and no failed request`, async () => {
    const { page, problems } = await watchedPage(context);
    try {
      assert.equal(await openReady(page, uiPath), dataPage);
      // Requests started by the first render (tables, event stream) get a moment to answer.
      await page.waitForLoadState('networkidle', { timeout: 2000 }).catch(() => {});
      await screenshot(page, name);
      assert.deepEqual(problems.console, [], 'console errors');
      assert.deepEqual(problems.failed, [], 'failed requests');
      assert.deepEqual(problems.dialogs, [], 'dialogs');
      assert.deepEqual(problems.foreign, [], 'requests to other origins');
    } finally {
      await page.close();
    }
  });
}

test('the overview shows the figures /apis/v1/cluster reports and a balance factor', async () => {
  const { page } = await watchedPage(context);
  try {
    await openReady(page, '/ui/');
    const cluster = await apiData('/cluster');
    const number = async (name) => parseFloat((await field(page, name)) ?? 'NaN');
    assert.equal(await number('executors'), cluster.numExecutors, 'executors');
    assert.equal(await number('apps-total'), cluster.numApplications, 'apps-total');
    assert.equal(await number('apps-active'), cluster.numActiveApplications, 'apps-active');
    assert.equal(await number('cpu-total'), cluster.totalCores, 'cpu-total');
    assert.equal(await number('cpu-used'), cluster.usedCores, 'cpu-used');
    assert.equal(await number('memory-total'), cluster.totalMemory, 'memory-total');
    assert.equal(await number('memory-used'), cluster.usedMemory, 'memory-used');
    assert.equal(await number('tasks-active'), cluster.numActiveTasks, 'tasks-active');
    assert.equal(await field(page, 'state'), cluster.state, 'state');
    assert.equal(await field(page, 'leader'), cluster.leader, 'leader');
    assert.ok(Number.isFinite(await number('balance-factor')), 'balance-factor is a number');
  } finally {
    await page.close();
  }
});

test('an unknown /ui/ path still serves the app shell', async () => {
  const { page } = await watchedPage(context);
  try {
    const res = await page.goto(`${BASE_URL}/ui/no/such/page`);
    assert.equal(res.status(), 200);
    await page.waitForSelector('main#page', { timeout: 10000 });
  } finally {
    await page.close();
  }
});

test('every UI response carries the CSP, nosniff and an ETag', async () => {
  const { page } = await watchedPage(context);
  const responses = [];
  page.on('response', (res) => {
    if (new URL(res.url()).pathname.startsWith('/ui/')) responses.push(res);
  });
  try {
    await openReady(page, '/ui/');
    assert.ok(responses.length > 1, 'the shell and its modules came from /ui/');
    for (const res of responses) {
      const headers = await res.allHeaders();
      const what = `${res.url()} (${res.status()})`;
      assert.match(headers['content-security-policy'] ?? '', /default-src 'self'/,
        `CSP of ${what}`);
      assert.equal(headers['x-content-type-options'], 'nosniff', `nosniff of ${what}`);
      assert.ok(headers.etag, `ETag of ${what}`);
    }
  } finally {
    await page.close();
  }
});
