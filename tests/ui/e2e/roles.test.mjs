// Each role sees exactly the action buttons it may use (docs/ui.md, "Test hooks"), walked as a
// matrix over the app, executor, task and cluster pages. The server enforces the same matrix
// (test_security_roles.py); this checks that the UI offers no button the role cannot use and
// hides none it can.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FIXTURE, USERS, contextFor, launch, openReady, screenshot, watchedPage } from './lib.mjs';

const APP_ACTIONS = ['scale', 'suspend', 'restart', 'cancel', 'destroy'];
const ALLOWED = {
  ROOT: [...APP_ACTIONS, 'kill', 'blacklist', 'unblacklist', 'maintenance-on', 'maintenance-off'],
  RW: [...APP_ACTIONS, 'kill'],
  RO: [],
  MAINTENANCE: ['blacklist', 'unblacklist', 'maintenance-on', 'maintenance-off'],
};
// No row for a user without a role: the controller's config gives every user one of Drove's four
// roles (docs/ui.md), so there is no such user to sign in as.
// What the fixture's state calls for: a RUNNING app with no operation (cancel has nothing to
// cancel), an active executor, a running task, a cluster out of maintenance.
const PAGE_ACTIONS = {
  app: ['scale', 'suspend', 'restart', 'destroy'],
  executor: ['blacklist'],
  task: ['kill'],
  cluster: ['maintenance-on'],
};

let browser;
before(async () => { browser = await launch(); });
after(async () => browser?.close());

function pagesOfFixture() {
  const f = FIXTURE;
  const pages = { cluster: '/ui/cluster' };
  if (f.logAppId) pages.app = `/ui/apps/${f.logAppId}`;
  if (f.executorId) pages.executor = `/ui/executors/${f.executorId}`;
  if (f.taskId) pages.task = `/ui/tasks/${f.sourceApp}/${f.taskId}`;
  return pages;
}

for (const role of Object.keys(ALLOWED)) {
  test(`role ${role} sees exactly its action buttons`, async () => {
    assert.ok(USERS[role], `the harness made no ${role} user`);
    const context = await contextFor(browser, role);
    try {
      for (const [name, uiPath] of Object.entries(pagesOfFixture())) {
        const { page } = await watchedPage(context);
        try {
          await openReady(page, uiPath);
          const shown = await page.$$eval('button[data-action]',
            (els) => els.map((e) => e.dataset.action));
          const expected = PAGE_ACTIONS[name].filter((a) => ALLOWED[role].includes(a));
          const notAllowed = shown.filter((a) => !ALLOWED[role].includes(a));
          const hidden = expected.filter((a) => !shown.includes(a));
          await screenshot(page, `role-${role}-${name}`);
          assert.deepEqual(notAllowed, [], `${role} on ${name}: buttons it may not use`);
          assert.deepEqual(hidden, [], `${role} on ${name}: buttons missing`);
        } finally {
          await page.close();
        }
      }
    } finally {
      await context.close();
    }
  });
}
