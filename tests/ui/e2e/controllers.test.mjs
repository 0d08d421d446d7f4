// The controller list on the overview and cluster pages: every controller of the fixture, one
// marked leader, the one serving the page (the leader, DROVE_E2E_URL) marked as this node.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BASE_URL, FIXTURE, contextFor, launch, needs, openReady, screenshot, waitFor, watchedPage,
} from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => browser?.close());

// [{id, leader, self}] of the list's items on the open page.
function listed(page) {
  return page.$$eval('[data-field="controllers"] li', (items) => items.map((li) => ({
    id: li.dataset.controller,
    leader: li.dataset.leader === 'true',
    self: li.dataset.self === 'true',
  })));
}

for (const [uiPath, name] of [['/ui/', 'overview'], ['/ui/cluster', 'cluster']]) {
  test(`the ${name} page lists every controller, the leader and this node marked`, async (t) => {
    if (!needs(t, 'controllers')) return;
    const context = await contextFor(browser, 'RW');
    const { page, problems } = await watchedPage(context);
    try {
      await openReady(page, uiPath);
      const items = await waitFor(async () => {
        const found = await listed(page);
        return found.length === FIXTURE.controllers.length ? found : undefined;
      }, 10000, `${FIXTURE.controllers.length} controllers listed`);
      assert.deepEqual(items.map((c) => c.id.split(':').pop()).sort(),
        FIXTURE.controllers.map((c) => new URL(c.url).port).sort());
      assert.equal(items.filter((c) => c.leader).length, 1);
      const self = items.filter((c) => c.self);
      assert.equal(self.length, 1);
      assert.ok(self[0].leader, 'the page is served by the leader');
      assert.equal(self[0].id.split(':').pop(), new URL(BASE_URL).port);
      await screenshot(page, `controllers-${name}`);
      assert.deepEqual(problems.console, []);
      assert.deepEqual(problems.failed, []);
    } finally {
      await context.close();
    }
  });
}
