// The topology page draws 100 executors x 64 cores in under 500 ms (body.dataset.renderMs).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FIXTURE, contextFor, launch, needs, openReady, screenshot, watchedPage } from './lib.mjs';

const RENDER_LIMIT_MS = 500;

let browser;
before(async () => { browser = await launch(); });
after(async () => browser?.close());

test('topology renders 100 executors x 64 cores in < 500 ms', async (t) => {
  if (!needs(t, 'topologyExecutors', 'topologyCores')) return;
  const context = await contextFor(browser, 'ROOT');
  const { page, problems } = await watchedPage(context);
  try {
    await openReady(page, '/ui/topology', 30000);
    await page.waitForFunction(() => document.body.dataset.renderMs !== undefined, null,
      { timeout: 10000 });
    const executors = await page.locator('#topology .executor').count();
    const cores = await page.locator('#topology .executor .core').count();
    const used = await page.locator('#topology .core[data-app]').count();
    const renderMs = parseFloat(await page.evaluate(() => document.body.dataset.renderMs));
    console.log(`# topology: ${executors} executors, ${cores} cores (${used} used), ` +
      `drawn in ${renderMs} ms`);
    await screenshot(page, 'topology-100x64');
    assert.equal(executors, FIXTURE.topologyExecutors, 'executor boxes');
    assert.equal(cores, FIXTURE.topologyExecutors * FIXTURE.topologyCores, 'core cells');
    assert.ok(used >= FIXTURE.topologyUsedCores,
      `${used} cores marked used, expected >= ${FIXTURE.topologyUsedCores}`);
    assert.ok(renderMs < RENDER_LIMIT_MS, `drawn in ${renderMs} ms (limit ${RENDER_LIMIT_MS})`);
    assert.deepEqual(problems.console, [], 'console errors');
  } finally {
    await context.close();
  }
});
