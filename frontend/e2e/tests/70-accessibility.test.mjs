// Every control on every screen has a name a screen reader can say, and every
// screen can be left by keyboard: no unlabeled inputs, icon-only buttons or
// links without text, in any of the three UI languages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, startStack, stopStack, withArtifacts } from '../lib/harness.mjs';
import { call, enterAs, openRoom, reply, script, waitForLastReply } from '../lib/parley.mjs';

let s;
let page;
before(async () => {
  s = await startStack();
  page = await openApp(s);
});
after(async () => { if (s) await stopStack(s); });

/** Controls on the page that have no accessible name, described for the failure message. */
function unnamedControls(p) {
  return p.evaluate(() => {
    const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
    const named = (el) => {
      if (el.getAttribute('aria-label')?.trim()) return true;
      const by = el.getAttribute('aria-labelledby');
      if (by && by.split(/\s+/).some((id) => document.getElementById(id)?.textContent.trim())) return true;
      if (el.labels && [...el.labels].some((l) => l.textContent.trim())) return true;
      if (el.getAttribute('title')?.trim()) return true;
      if (['BUTTON', 'A', 'SUMMARY'].includes(el.tagName) && el.textContent.trim()) return true;
      return false;
    };
    return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href], [role=button]')]
      .filter((el) => visible(el) && !named(el))
      .map((el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ''}${el.className ? `.${String(el.className).split(' ')[0]}` : ''}`);
  });
}

async function expectAllNamed(where) {
  assert.deepEqual(await unnamedControls(page), [], `${where}: controls without an accessible name`);
}

for (const lang of ['en', 'ko', 'ja']) {
  test(`every control on every screen has an accessible name (${lang})`, async () => {
    await withArtifacts(`a11y-${lang}`, page, async () => {
      await call(page, 'LogOut');
      await page.reload();
      await page.getByTestId('login-form').waitFor();
      await expectAllNamed('log-in');
      await page.getByTestId('goto-signup').click();
      await page.getByTestId('signup-form').waitFor();
      await expectAllNamed('sign-up');

      await script(s, reply(lang === 'en' ? 'Good morning! What can I get you?' : lang === 'ko' ? '어서 오세요! 뭘 드릴까요?' : 'いらっしゃいませ！ご注文は？'));
      const [room] = await enterAs(page, s, `ally${lang}`, { settings: { uiLanguage: lang }, rooms: [{ title: `Room ${lang}`, language: lang }] });
      await expectAllNamed('room list');
      await openRoom(page, room.id);
      await waitForLastReply(page, 'done');
      await expectAllNamed('chat');
      await page.getByTestId('new-room').click();
      await page.getByTestId('new-room-view').waitFor();
      await expectAllNamed('room editor');
      await page.getByTestId('user-menu').click();
      await expectAllNamed('user menu');
      await page.getByTestId('menu-settings').click();
      await page.getByTestId('settings-view').waitFor();
      await expectAllNamed('settings');
      await page.getByTestId('user-menu').click();
      await page.getByTestId('menu-account').click();
      await page.getByTestId('account-view').waitFor();
      await expectAllNamed('account');
      await page.getByTestId('open-trash').click();
      await page.getByTestId('trash-view').waitFor();
      await expectAllNamed('trash');
    });
  });
}
