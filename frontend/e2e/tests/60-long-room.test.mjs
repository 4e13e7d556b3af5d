// A long room in the real app: 263 saved messages (an opening line and 131
// turns), a count that is no multiple of any page size (the UI's 30, Go's
// default 50 and its cap of 200), so a page that drops or repeats the message
// at a page boundary shows. Opening the room renders only the newest page;
// scrolling up reaches every message exactly once, in order, with the DOM
// bounded all the way to the first line, and "jump to latest" comes back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, startStack, stopStack, withArtifacts } from '../lib/harness.mjs';
import { bubbles, enterAs, must, openRoom, roomInput, script } from '../lib/parley.mjs';

const OPENING = 'Welcome to the long room. Shall we begin?';
const TURNS = 131;
const TOTAL = 1 + 2 * TURNS; // 263
const FIRST_PAGE_MAX = 60;
const DOM_MAX = 150;

/** The conversation as it must read from the first line to the last. */
const EXPECTED = [
  { role: 'assistant', text: OPENING },
  ...Array.from({ length: TURNS }, (_, i) => [
    { role: 'user', text: `Line ${i + 1}` },
    { role: 'assistant', text: `Reply ${i + 1}` },
  ]).flat(),
];

let s;
let page;
let room;
before(async () => {
  s = await startStack();
  page = await openApp(s);
  [room] = await enterAs(page, s, 'lee', { rooms: [roomInput({ title: 'A long conversation' })] });
  await withArtifacts('long-room-seed', page, () => seed(room.id, TURNS));
});
after(async () => { if (s) await stopStack(s); });

/**
 * Seeds the room through the bridge: the AI's opening line, then each learner
 * line once the reply before it is done.
 */
async function seed(roomId, turns) {
  await script(s, { reply: OPENING }, ...Array.from({ length: turns }, (_, i) => ({ reply: `Reply ${i + 1}` })));
  return page.evaluate(async ({ id, n }) => {
    let waiting = null;
    const settle = (ok) => (p) => {
      if (p.roomId !== id || !waiting) return;
      const w = waiting;
      waiting = null;
      if (ok) w.resolve(); else w.reject(new Error(`reply failed: ${p.code}`));
    };
    const offs = [window.runtime.EventsOn('chat:done', settle(true)), window.runtime.EventsOn('chat:error', settle(false))];
    const answered = async (start) => {
      const done = new Promise((resolve, reject) => { waiting = { resolve, reject }; });
      await start();
      await done;
    };
    try {
      await answered(() => window.go.main.App.OpenScene(id));
      for (let i = 1; i <= n; i++) await answered(() => window.go.main.App.SendMessage(id, `Line ${i}`));
    } finally {
      offs.forEach((off) => off());
    }
  }, { id: roomId, n: turns });
}

/** Asserts the messages read, in order, as one unbroken stretch of the conversation; returns where it starts. */
function assertStretch(shown, where) {
  assert.ok(shown.length > 0, `${where}: messages are shown`);
  const start = EXPECTED.findIndex((m) => m.text === shown[0].text);
  assert.ok(start >= 0, `${where}: "${shown[0].text}" is not a message of the room`);
  assert.deepEqual(shown.map((m) => ({ role: m.role, text: m.text })), EXPECTED.slice(start, start + shown.length),
    `${where}: the messages must follow the conversation with none missing or repeated`);
  for (let i = 1; i < shown.length; i++) assert.ok(shown[i].id > shown[i - 1].id, `${where}: ids rise`);
  return start;
}

test('paging through the bound API with Go\'s default page and its 200 cap returns every message once, newest page first', async () => {
  await withArtifacts('long-room-api', page, async () => {
    for (const limit of [0, 200]) {
      const pages = [];
      let before = 0;
      for (;;) {
        const p = await must(page, 'ListMessages', room.id, before, limit);
        pages.push(p.messages);
        if (!p.hasMore) break;
        assert.ok(pages.length <= TOTAL, 'paging must end');
        before = p.messages[0].id;
      }
      const sizes = pages.map((p) => p.length);
      assert.deepEqual(sizes, limit === 0 ? [50, 50, 50, 50, 50, 13] : [200, 63], `page sizes with limit ${limit}`);
      const all = pages.reverse().flat();
      assert.deepEqual(all.map((m) => ({ role: m.role, text: m.text })), EXPECTED, `limit ${limit}: the whole conversation, in order`);
      assert.equal(new Set(all.map((m) => m.id)).size, TOTAL, `limit ${limit}: no message twice`);
    }
  });
});

test('opening a 263-message room renders only the newest page, and scrolling up reaches every message once, in order, with the DOM bounded', async () => {
  await withArtifacts('long-room', page, async () => {
    await openRoom(page, room.id);
    await page.locator('[data-testid=message]', { hasText: `Reply ${TURNS}` }).waitFor();
    let shown = await bubbles(page);
    assert.ok(shown.length <= FIRST_PAGE_MAX, `opening renders ${shown.length} messages`);
    assert.equal(assertStretch(shown, 'the newest page') + shown.length, TOTAL, 'the newest message is shown last');
    assert.equal(await page.locator('.conversation-start').count(), 0, 'the start of the conversation is not reached yet');

    // Scroll to the top again and again: each time older messages join the stretch shown, never
    // more than DOM_MAX at once, until the start of the conversation; every message is seen.
    const seen = new Map(shown.map((m) => [m.id, m.text]));
    const messages = page.getByTestId('messages');
    let firstId = shown[0].id;
    let pages = 0;
    while (await page.locator('.conversation-start').count() === 0) {
      assert.ok(pages < 12, 'the start of the conversation must be reached');
      await messages.evaluate((el) => { el.scrollTop = 0; });
      await page.waitForFunction((prev) => {
        const f = document.querySelector('[data-testid=message]');
        return f && Number(f.dataset.id) < prev && !document.querySelector('.older-loading');
      }, firstId, { timeout: 10000 });
      shown = await bubbles(page);
      pages++;
      assert.ok(shown.length <= DOM_MAX, `the DOM holds ${shown.length} messages`);
      assertStretch(shown, `after ${pages} page(s) up`);
      assert.ok(shown.some((m) => m.id === firstId), `after ${pages} page(s) up: the older page joins on to what was shown`);
      for (const m of shown) {
        assert.equal(seen.get(m.id) ?? m.text, m.text, `message ${m.id} kept its text`);
        seen.set(m.id, m.text);
      }
      firstId = shown[0].id;
    }
    assert.ok(pages >= 2, `older messages came in pages (${pages})`);
    assert.equal(assertStretch(shown, 'at the start'), 0, 'the first message is reachable');
    assert.ok(!shown.some((b) => b.text === `Reply ${TURNS}`), 'the newest were dropped to keep the DOM bounded');
    assert.deepEqual([...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text), EXPECTED.map((m) => m.text),
      'scrolling up showed every message of the room');

    // Jump to latest brings the newest page back.
    await page.getByTestId('jump-latest').click();
    await page.locator('[data-testid=message]', { hasText: `Reply ${TURNS}` }).waitFor();
    shown = await bubbles(page);
    assert.ok(shown.length <= FIRST_PAGE_MAX);
    assert.equal(assertStretch(shown, 'back at the newest') + shown.length, TOTAL);
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid=messages]');
      return el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    });
  });
});
