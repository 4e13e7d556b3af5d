// The keyboard in the real app: Enter sends, Shift+Enter starts a new line,
// the Enter that commits a Korean or Japanese input-method composition never
// sends, and Ctrl+K finds a room from anywhere.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, startStack, stopStack, withArtifacts } from '../lib/harness.mjs';
import {
  bubbles, call, chatRequests, enterAs, must, openRoom, reply, resetFake, roomInput, script, waitForLastReply, waitForReplyTo,
} from '../lib/parley.mjs';

let s;
let page;
let rooms;
before(async () => {
  s = await startStack();
  page = await openApp(s);
  await script(s, reply('Hello! Table for one?'));
  rooms = await enterAs(page, s, 'kim', {
    rooms: [roomInput({ title: 'Keyboard café' }), roomInput({ title: 'Train station', language: 'ja', situation: '駅で切符を買う', myRole: '旅行者', aiRole: '駅員' })],
  });
  await openRoom(page, rooms[0].id);
  await waitForLastReply(page, 'done');
});
after(async () => { if (s) await stopStack(s); });
beforeEach(async () => { await resetFake(s); });

const composer = () => page.getByTestId('composer');
const userLines = async () => (await bubbles(page)).filter((b) => b.role === 'user').map((b) => b.text);

/**
 * Proves a keystroke sent nothing: a bound call made after it is answered only
 * after Go handled everything the page sent before (one ordered websocket), so a
 * send triggered by the key would be saved by then.
 */
async function assertNothingSent(roomId, linesBefore, requestsBefore) {
  await must(page, 'AppInfo');
  const saved = await must(page, 'ListMessages', roomId, 0, 50);
  assert.deepEqual(saved.messages.filter((m) => m.role === 'user').map((m) => m.text), linesBefore, 'nothing was saved');
  assert.equal((await chatRequests(s)).length, requestsBefore, 'nothing was sent to the model');
  assert.deepEqual(await userLines(page), linesBefore, 'no new line is shown');
}

test('Enter sends the line and Shift+Enter starts a new line in it', async () => {
  await withArtifacts('keyboard-enter', page, async () => {
    await composer().click();
    await page.keyboard.type('Two coffees, please.');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('And two croissants.');
    assert.equal(await composer().inputValue(), 'Two coffees, please.\nAnd two croissants.');
    await assertNothingSent(rooms[0].id, [], 0);

    await script(s, reply('Coming right up.'));
    await page.keyboard.press('Enter');
    assert.equal((await waitForReplyTo(page, 'Two coffees, please.\nAnd two croissants.')).text, 'Coming right up.');
    assert.deepEqual(await userLines(page), ['Two coffees, please.\nAnd two croissants.']);
    assert.equal(await composer().inputValue(), '', 'the composer is cleared after sending');
    const sent = (await chatRequests(s)).at(-1).messages.at(-1);
    assert.deepEqual([sent.role, sent.content], ['user', 'Two coffees, please.\nAnd two croissants.']);
  });
});

test('the Enter that commits an input-method composition does not send', async () => {
  await withArtifacts('keyboard-ime', page, async () => {
    const before = await userLines(page);
    await composer().fill('안녕하세요');
    await composer().focus();
    /** Dispatches an Enter keydown on the composer as an input method would; returns whether it was cancelled. */
    const enter = (init) => page.evaluate((i) => {
      const ev = new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true, ...i });
      return !document.querySelector('[data-testid=composer]').dispatchEvent(ev);
    }, init);

    // Chromium during a composition; WebKit, which ends the composition first, still says 229.
    for (const init of [{ isComposing: true, keyCode: 229 }, { isComposing: true, keyCode: 13 }, { isComposing: false, keyCode: 229 }]) {
      assert.equal(await enter(init), false, `${JSON.stringify(init)} must not be taken as Send`);
      await assertNothingSent(rooms[0].id, before, 0);
      assert.equal(await composer().inputValue(), '안녕하세요', 'the composed text stays in the composer');
    }

    // The same synthetic Enter without the input-method marks does send: the handler saw the ones above.
    await script(s, reply('네, 안녕하세요!'));
    assert.equal(await enter({ isComposing: false, keyCode: 13 }), true);
    assert.equal((await waitForReplyTo(page, '안녕하세요')).text, '네, 안녕하세요!');
    assert.deepEqual(await userLines(page), [...before, '안녕하세요']);
  });
});

test('Ctrl+K moves focus to the room search from the composer, and the search finds a room', async () => {
  await withArtifacts('keyboard-find', page, async () => {
    await composer().focus();
    await page.keyboard.press('Control+k');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'room-search');
    await page.keyboard.type('station');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=room-item]').length === 1);
    assert.equal((await page.locator('[data-testid=room-item] [data-testid=room-title]').textContent()).trim(), 'Train station');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=room-item]').length === 2);

    // From a screen without a composer too.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-settings').click();
    await page.getByTestId('settings-apikey').focus();
    await page.keyboard.press('Control+k');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'room-search');
    assert.equal((await call(page, 'ListRooms')).value.length, 2);
  });
});
