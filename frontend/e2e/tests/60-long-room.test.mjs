// A long room in the real app: 200 saved messages, of which opening the room
// renders only the newest page; scrolling up loads older pages, the DOM stays
// bounded all the way to the first line, and "jump to latest" comes back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, startStack, stopStack, withArtifacts } from '../lib/harness.mjs';
import { bubbles, enterAs, must, openRoom, roomInput, script } from '../lib/parley.mjs';

const TURNS = 100; // a line and its reply each: 200 messages
const FIRST_PAGE_MAX = 60;
const DOM_MAX = 150;

let s;
let page;
let room;
before(async () => {
  s = await startStack();
  page = await openApp(s);
  [room] = await enterAs(page, s, 'lee', { rooms: [roomInput({ title: 'A long conversation' })] });
});
after(async () => { if (s) await stopStack(s); });

/** Seeds the room through the bridge: each line is sent once the reply before it is done. */
async function seed(roomId, turns) {
  await script(s, ...Array.from({ length: turns }, (_, i) => ({ reply: `Reply ${i + 1}` })));
  return page.evaluate(async ({ id, n }) => {
    let waiting = null;
    const settle = (ok) => (p) => {
      if (p.roomId !== id || !waiting) return;
      const w = waiting;
      waiting = null;
      if (ok) w.resolve(); else w.reject(new Error(`reply failed: ${p.code}`));
    };
    const offs = [window.runtime.EventsOn('chat:done', settle(true)), window.runtime.EventsOn('chat:error', settle(false))];
    try {
      for (let i = 1; i <= n; i++) {
        const done = new Promise((resolve, reject) => { waiting = { resolve, reject }; });
        await window.go.main.App.SendMessage(id, `Line ${i}`);
        await done;
      }
    } finally {
      offs.forEach((off) => off());
    }
  }, { id: roomId, n: turns });
}

const firstShownId = () => page.locator('[data-testid=message]').first().getAttribute('data-id').then(Number);

test('opening a 200-message room renders only the newest page, and scrolling up loads older ones with the DOM bounded', async () => {
  await withArtifacts('long-room', page, async () => {
    await seed(room.id, TURNS);
    const all = await must(page, 'ListMessages', room.id, 0, 500);
    assert.deepEqual([all.messages.length, all.hasMore], [2 * TURNS, false], 'the room holds 200 messages');

    await openRoom(page, room.id);
    await page.locator('[data-testid=message]', { hasText: `Reply ${TURNS}` }).waitFor();
    let shown = await bubbles(page);
    assert.ok(shown.length > 0 && shown.length <= FIRST_PAGE_MAX, `opening renders ${shown.length} messages`);
    assert.equal(shown.at(-1).text, `Reply ${TURNS}`, 'the newest message is shown');
    assert.ok(!shown.some((b) => b.text === 'Line 1'), 'the oldest is not');
    assert.equal(await page.locator('.conversation-start').count(), 0, 'the start of the conversation is not reached yet');

    // Scroll to the top again and again: older pages load, never more than DOM_MAX bubbles at once.
    const messages = page.getByTestId('messages');
    let firstId = await firstShownId();
    let most = shown.length;
    let pages = 0;
    while (await page.locator('.conversation-start').count() === 0) {
      assert.ok(pages < 12, 'the start of the conversation must be reached');
      await messages.evaluate((el) => { el.scrollTop = 0; });
      await page.waitForFunction((prev) => {
        const f = document.querySelector('[data-testid=message]');
        return f && Number(f.dataset.id) < prev && !document.querySelector('.older-loading');
      }, firstId, { timeout: 10000 });
      firstId = await firstShownId();
      most = Math.max(most, await page.getByTestId('message').count());
      assert.ok(most <= DOM_MAX, `the DOM holds ${most} messages`);
      pages++;
    }
    assert.ok(pages >= 2, `older messages came in pages (${pages})`);
    shown = await bubbles(page);
    assert.deepEqual([shown[0].role, shown[0].text], ['user', 'Line 1'], 'the first line is reachable');
    assert.ok(!shown.some((b) => b.text === `Reply ${TURNS}`), 'the newest were dropped to keep the DOM bounded');

    // Jump to latest brings the newest page back.
    await page.getByTestId('jump-latest').click();
    await page.locator('[data-testid=message]', { hasText: `Reply ${TURNS}` }).waitFor();
    shown = await bubbles(page);
    assert.ok(shown.length <= FIRST_PAGE_MAX);
    assert.equal(shown.at(-1).text, `Reply ${TURNS}`);
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid=messages]');
      return el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    });
  });
});
