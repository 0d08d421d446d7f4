// A leader change under an open page: the leader is SIGSTOPped until another controller leads,
// then resumed (it answers "not the leader"); the page shows the leader banner and recovers on
// the new leader (its /ui/ answers 303 there).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  FIXTURE, authorization, contextFor, launch, needs, openReady, screenshot, waitFor, watchedPage,
} from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => browser?.close());

// The controller ({url, pid}) that answers /apis/v1/cluster with 200, or undefined.
async function leaderAmong(controllers, auth) {
  for (const c of controllers) {
    const res = await fetch(c.url + '/apis/v1/cluster', { headers: { Authorization: auth },
      signal: AbortSignal.timeout(1000) }).catch(() => null);
    if (res?.status === 200) return c;
  }
  return undefined;
}

test('on a leader change the page shows the banner and recovers on the new leader', async (t) => {
  if (!needs(t, 'controllers')) return;
  const auth = authorization('ROOT');
  const old = await waitFor(() => leaderAmong(FIXTURE.controllers, auth), 30000, 'a leader');
  const context = await contextFor(browser, 'ROOT');
  const { page } = await watchedPage(context);
  // The banner may be up only for a moment before the reload: an observer reports it.
  let bannerSeen = false;
  await page.exposeFunction('__leaderBannerShown', () => { bannerSeen = true; });
  await page.addInitScript(() => {
    new MutationObserver(() => {
      const banner = document.querySelector('#banner[data-kind="leader"]');
      if (banner && !banner.hidden) window.__leaderBannerShown();
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  try {
    await openReady(page, '/ui/', 15000, old.url);
    process.kill(old.pid, 'SIGSTOP');
    let next;
    try {
      next = await waitFor(() => leaderAmong(FIXTURE.controllers.filter((c) => c !== old), auth),
        30000, 'another controller leading', 200);
    } finally {
      process.kill(old.pid, 'SIGCONT');
    }
    const changed = Date.now();
    await waitFor(async () => bannerSeen, 20000, '#banner[data-kind=leader]');
    // The 303 names the leader by its host name (as Drove does), so only the port is compared.
    await page.waitForURL((url) => url.port === new URL(next.url).port, { timeout: 30000 });
    await page.waitForSelector('main#page[data-ready="true"]', { timeout: 15000 });
    const readyMs = Date.now() - changed;
    console.log(`# leader moved; page ready on the new leader ${readyMs} ms after the old resumed`);
    await screenshot(page, 'leader-recovered');
    assert.equal(await page.getAttribute('main#page', 'data-page'), 'overview');
  } finally {
    await context.close();
  }
});
