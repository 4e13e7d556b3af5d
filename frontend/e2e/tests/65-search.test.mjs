// Search every message (Ctrl/Cmd+Shift+F) in the real app: a line said long ago in one room and
// a Korean reply in another are found (the Korean one inside a word, without spaces), results are
// grouped by room with the words marked, the language filter narrows them, and choosing a result
// opens its room at that message — far above the newest page — highlighted and in view.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, screenshotPath, startStack, stopStack, withArtifacts } from '../lib/harness.mjs';
import { enterAs, roomInput, script } from '../lib/parley.mjs';

const TURNS = 60; // 121 messages: the found line is far above the newest page (30)
const FOUND_TURN = 7;

let s;
let page;
let cafe;
let seoul;
before(async () => {
  s = await startStack();
  page = await openApp(s);
  [cafe, seoul] = await enterAs(page, s, 'sora', {
    rooms: [roomInput({ title: 'Morning coffee' }), roomInput({ title: '서울 카페', language: 'ko', situation: '카페에서 음료를 주문합니다.' })],
  });
  await withArtifacts('search-seed', page, async () => {
    await script(s, { reply: 'Good morning! What can I get you?' },
      ...Array.from({ length: TURNS }, (_, i) => ({ reply: `Reply ${i + 1}` })),
      { reply: '어서 오세요!' }, { reply: '아이스아메리카노한잔 나왔습니다.' });
    await converse(cafe.id, Array.from({ length: TURNS }, (_, i) => (i + 1 === FOUND_TURN ? 'Could I have a pistachio croissant?' : `Line ${i + 1}`)));
    await converse(seoul.id, ['주세요']);
  });
});
after(async () => { if (s) await stopStack(s); });

/** Opens the scene, then sends each line once the reply before it is done, through the bridge. */
async function converse(roomId, lines) {
  return page.evaluate(async ({ id, lines }) => {
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
      for (const line of lines) await answered(() => window.go.main.App.SendMessage(id, line));
    } finally {
      offs.forEach((off) => off());
    }
  }, { id: roomId, lines });
}

/** Types a search and waits for the answer to that search (in the language chosen). */
async function search(text, language = '') {
  await page.getByTestId('message-search-input').fill(text);
  await answered(text, language);
}

function answered(text, language = '') {
  return page.waitForFunction(([q, l]) => {
    const el = document.querySelector('[data-testid=search-count], [data-testid=search-none]');
    return el && el.dataset.query === q && (el.dataset.language ?? '') === l;
  }, [text, language], { timeout: 10000 });
}

test('Ctrl+Shift+F finds a line said long ago and opens its room at that message, highlighted', async () => {
  await withArtifacts('search-open-result', page, async () => {
    await page.getByTestId('sidebar').waitFor();
    await page.keyboard.press('Control+Shift+F');
    await page.getByTestId('message-search').waitFor();
    assert.ok(await page.getByTestId('message-search-input').evaluate((el) => el === document.activeElement), 'the search box has the focus');

    await search('PISTACHIO');
    const hits = page.getByTestId('search-hit');
    assert.equal(await hits.count(), 1, 'one message has the word');
    const hit = hits.first();
    assert.equal((await hit.locator('mark').textContent()).toLowerCase(), 'pistachio', 'the matching word is marked');
    assert.equal(await page.locator('[data-testid=search-room]').getAttribute('data-room-id'), cafe.id, 'grouped under its room');
    await page.screenshot({ path: screenshotPath('search-results') });
    const id = Number(await hit.getAttribute('data-message-id'));

    await hit.click();
    await page.getByTestId('message-search').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('room-heading').textContent(), 'Morning coffee');
    const found = page.locator(`[data-testid=message][data-id="${id}"]`);
    await found.waitFor();
    assert.equal(await found.getAttribute('data-found'), 'true', 'the message is highlighted');
    assert.match(await found.textContent(), /pistachio croissant/);
    // It is on screen: the room opened at it, not at the newest line.
    await page.waitForFunction((mid) => {
      const el = document.querySelector(`[data-testid=message][data-id="${mid}"]`);
      const box = document.querySelector('[data-testid=messages]').getBoundingClientRect();
      const r = el.getBoundingClientRect();
      return r.top >= box.top && r.bottom <= box.bottom;
    }, id, { timeout: 5000 });
    assert.equal(await page.locator('[data-testid=message]', { hasText: `Reply ${TURNS}` }).count(), 0, 'the newest page is not what opened');
    await page.screenshot({ path: screenshotPath('search-landed') });

    // The newest messages are one click away.
    await page.getByTestId('jump-latest').click();
    await page.locator('[data-testid=message]', { hasText: `Reply ${TURNS}` }).waitFor();
  });
});

test('Korean matches inside a word, and the language filter narrows the results', async () => {
  await withArtifacts('search-korean', page, async () => {
    await page.keyboard.press('Control+Shift+F');
    await page.getByTestId('message-search').waitFor();
    await search('아메리카노');
    assert.equal(await page.getByTestId('search-hit').count(), 1, 'found without spaces around the word');
    assert.equal(await page.locator('[data-testid=search-room]').getAttribute('data-room-id'), seoul.id);

    await search('reply');
    assert.ok(await page.getByTestId('search-hit').count() > 10, 'every room at first');
    await page.getByTestId('message-search-language').selectOption('ko');
    await answered('reply', 'ko');
    assert.equal(await page.getByTestId('search-none').count(), 1, 'no Korean room has the word');
    await page.getByTestId('message-search-language').selectOption('');
    await answered('reply', '');
    assert.ok(await page.getByTestId('search-hit').count() > 10, 'every room again');

    await page.keyboard.press('Escape');
    await page.getByTestId('message-search').waitFor({ state: 'detached' });
  });
});
