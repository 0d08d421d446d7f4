// HTML that containers or users control (an instance's error message, an app tag, a log line)
// renders as text: no element is created, no script runs, no dialog opens.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FIXTURE, contextFor, launch, needs, openReady, screenshot, watchedPage } from './lib.mjs';

let browser;
let context;
before(async () => {
  browser = await launch();
  context = await contextFor(browser, 'ROOT');
});
after(async () => browser?.close());

// Opens `uiPath`, waits until `visibleText` is on the page as text, and checks that no element
// whose id starts with `elementId` (the one the text describes) was created and no script ran.
async function rendersAsText(uiPath, elementId, visibleText, shot) {
  const { page, problems } = await watchedPage(context);
  try {
    await openReady(page, uiPath);
    await page.waitForFunction((text) => document.body.textContent.includes(text), visibleText,
      { timeout: 10000 }).catch(() => {
      throw new Error(`${uiPath} never showed the text ${visibleText}`);
    });
    await screenshot(page, shot);
    assert.equal(await page.$(`[id^="${elementId}"]`), null,
      `an element #${elementId} was created`);
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'injected script ran');
    assert.deepEqual(problems.dialogs, [], 'a dialog opened');
  } finally {
    await page.close();
  }
}

test('HTML in an instance error message renders as text', async (t) => {
  if (!needs(t, 'xssErrorAppId', 'xssErrorInstanceId', 'xssErrorText')) return;
  const { xssErrorAppId: app, xssErrorInstanceId: instance, xssErrorText: text } = FIXTURE;
  await rendersAsText(`/ui/apps/${app}/instances/${instance}`, 'xss-error', text,
    'xss-error-instance');
  await rendersAsText(`/ui/apps/${app}`, 'xss-error', text, 'xss-error-app');
});

test('HTML in an app tag renders as text', async (t) => {
  if (!needs(t, 'xssTagAppId', 'xssTagText')) return;
  await rendersAsText(`/ui/apps/${FIXTURE.xssTagAppId}`, 'xss-tag', FIXTURE.xssTagText, 'xss-tag');
});

test('HTML in a log line renders as text', async (t) => {
  if (!needs(t, 'logAppId', 'logInstanceId', 'xssLogText')) return;
  const { logAppId: app, logInstanceId: instance, xssLogText: text } = FIXTURE;
  await rendersAsText(`/ui/logs/applications/${app}/${instance}/output.log`, 'xss-log', text,
    'xss-log');
});
