// A long room in the real app: 263 saved messages (an opening line and 131
// turns), a count that is no multiple of any page size (the UI's 30, Go's
// default 50 and its cap of 200), so a page that drops or repeats the message
// at a page boundary shows. Opening the room renders only the newest page;
// scrolling up reaches every message exactly once, in order, with the DOM
// bounded all the way to the first line, and "jump to latest" comes back.
// The newest line (and its actions) stays in view whenever the learner was at
// the bottom: after reopening the room, resizing the window and logging in again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, startStack, stopStack, withArtifacts } from '../lib/harness.mjs';
import { PASSWORD, bubbles, enterAs, must, openRoom, reply, roomInput, script, waitForLastReply } from '../lib/parley.mjs';

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
let other;
before(async () => {
  s = await startStack();
  page = await openApp(s);
  [room, other] = await enterAs(page, s, 'lee', { rooms: [roomInput({ title: 'A long conversation' }), roomInput({ title: 'A short one' })] });
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

/**
 * Waits until the newest message, with its actions line, lies inside the visible part of the
 * message list (the list is scrolled to its end, nothing of it hidden under the composer).
 */
async function newestInView(where, text = `Reply ${TURNS}`) {
  await page.locator('[data-testid=message]', { hasText: text }).waitFor();
  // With onlyOk it answers for waitForFunction: the details once in view, else null.
  const inView = (onlyOk) => {
    const list = document.querySelector('[data-testid=messages]');
    const all = document.querySelectorAll('[data-testid=message]');
    const last = all[all.length - 1];
    if (!list || !last) return null;
    // Mid-render a part can be missing for a moment: not in view yet, never an exception.
    const metaEl = last.querySelector('.msg-meta');
    const composerEl = document.querySelector('[data-testid=composer]');
    if (!metaEl || !composerEl) return null;
    const box = list.getBoundingClientRect();
    const meta = metaEl.getBoundingClientRect();
    const composer = composerEl.getBoundingClientRect();
    const res = { text: last.querySelector('.text')?.textContent.trim(), metaTop: meta.top, metaBottom: meta.bottom,
      listTop: box.top, listBottom: box.bottom, composerTop: composer.top,
      ok: meta.top >= box.top && meta.bottom <= box.bottom + 1 && meta.bottom <= composer.top };
    return !onlyOk || res.ok ? res : null;
  };
  try {
    // A function, not a string: the app's CSP forbids evaluating strings.
    await page.waitForFunction(inView, true, { timeout: 3000 });
  } catch (e) {
    throw new Error(`${where}: the newest line is not in view: ${JSON.stringify(await page.evaluate(inView, false))} (${e.message.split('\n')[0]})`);
  }
  const shown = await page.evaluate(inView, false);
  assert.equal(shown.text, text, `${where}: the last bubble is the newest line`);
  assert.equal(await page.getByTestId('jump-latest').count(), 0, `${where}: at the newest line, no "jump to latest"`);
}

test('in a room longer than the window the newest line stays in view after reopening, resizing and logging in again', async () => {
  await withArtifacts('long-room-pinned', page, async () => {
    await openRoom(page, room.id);
    await newestInView('opened');

    // Another room and back: the list is built anew, the usage line arrives after it.
    await script(s, reply('Hello there.'));
    await openRoom(page, other.id);
    await waitForLastReply(page, 'done');
    await openRoom(page, room.id);
    await newestInView('reopened');

    // A smaller window, then a larger one.
    await page.setViewportSize({ width: 900, height: 560 });
    await newestInView('after shrinking the window');
    await page.setViewportSize({ width: 1200, height: 800 });
    await newestInView('after growing the window');

    // Folding the scenario card and opening it again resizes the list too.
    await page.getByTestId('scenario-toggle').click();
    await newestInView('scenario folded');
    await page.getByTestId('scenario-toggle').click();
    await newestInView('scenario unfolded');

    // Log out and in again through the forms.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-username').fill('lee');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('sidebar').waitFor();
    await openRoom(page, room.id);
    await newestInView('after logging in again');

    // Scrolled up, the learner stays where they are when the window changes, and can jump back.
    await page.getByTestId('messages').evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
    await page.getByTestId('jump-latest').waitFor();
    const top = await page.getByTestId('messages').evaluate((el) => el.scrollTop);
    await page.setViewportSize({ width: 1000, height: 700 });
    await page.waitForFunction(() => innerHeight === 700);
    assert.ok(Math.abs(await page.getByTestId('messages').evaluate((el) => el.scrollTop) - top) < 200, 'a learner reading older lines is not pulled down');
    await page.getByTestId('jump-latest').click();
    await newestInView('after jumping to the latest');
    await page.setViewportSize({ width: 1200, height: 800 });
  });
});

test('switching rooms while the message list scrolls raises no error in the page', async () => {
  await withArtifacts('long-room-switch-scrolling', page, async () => {
    await openRoom(page, room.id);
    await page.locator('[data-testid=message]', { hasText: `Reply ${TURNS}` }).waitFor();
    for (let i = 0; i < 5; i++) {
      // A scroll is queued, and the room changes before the browser delivers it.
      await page.evaluate(([to]) => {
        document.querySelector('[data-testid=messages]').scrollTop -= 400;
        document.querySelector(`[data-testid=room-item][data-room-id="${to}"] .room-link`).click();
      }, [i % 2 ? room.id : other.id]);
      await page.getByTestId('chat-view').waitFor();
      await page.locator('[data-testid=messages]').waitFor();
    }
  });
});
