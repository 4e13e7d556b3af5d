// A long room list in the real app. The list is windowed (RoomList.js): only the rows in view are
// in the DOM, yet every room can be reached by scrolling, by the keyboard and by the filter, a
// screen reader hears the whole count, and a room opened from elsewhere (a message search
// result) is scrolled into view in the list, highlighted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, startStack, stopStack, withArtifacts } from '../lib/harness.mjs';
import { enterAs, must, reloadApp, roomInput, reply, script } from '../lib/parley.mjs';

const ROOMS = 60;

let s;
let page;
let far;
before(async () => {
  s = await startStack();
  page = await openApp(s);
  // The first room gets its opening line first; the rooms made after it are newer, so it is
  // the last of the list (latest activity first).
  [far] = await enterAs(page, s, 'noor', { rooms: [roomInput({ title: 'Lighthouse visit' })] });
  await script(s, reply('The lighthouse keeper waves from the gallery.'));
  await page.evaluate(async (id) => {
    const done = new Promise((resolve) => {
      const off = window.runtime.EventsOn('chat:done', (p) => {
        if (p.roomId === id) { off(); resolve(); }
      });
    });
    await window.go.main.App.OpenScene(id);
    await done;
  }, far.id);
  for (let i = 1; i < ROOMS; i++) await must(page, 'CreateRoom', roomInput({ title: `Room ${String(i).padStart(2, '0')}` }));
  await reloadApp(page);
  await listed(ROOMS);
});
after(async () => { if (s) await stopStack(s); });

/** Waits until the list states n rooms and holds every row it means to render. */
const listed = (n) => page.waitForFunction((count) => {
  const list = document.querySelector('[data-testid=room-list]');
  return list && list.dataset.count === String(count)
    && document.querySelectorAll('[data-testid=room-item]').length === Number(list.dataset.shown);
}, n, { timeout: 15000 });

const pos = (p) => `[data-testid=room-item][aria-posinset="${p}"]`;

/** Waits until row p (1-based) is rendered and wholly inside the list's scroller. */
const shownAt = (p) => page.waitForFunction((sel) => {
  const li = document.querySelector(sel);
  if (!li) return false;
  const box = li.closest('.sidebar-list').getBoundingClientRect();
  const r = li.getBoundingClientRect();
  return r.height > 0 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
}, pos(p), { timeout: 5000 });

/** Waits until rendered rows cover the top and the bottom of what the scroller shows. */
const viewFilled = () => page.waitForFunction(() => {
  const list = document.querySelector('[data-testid=room-list]');
  const box = list.parentElement.getBoundingClientRect();
  const rows = [...document.querySelectorAll('[data-testid=room-item]')].map((li) => li.getBoundingClientRect());
  const covered = (y) => rows.some((r) => r.top <= y && r.bottom >= y);
  return covered(box.top + 8) && covered(Math.min(box.bottom, list.getBoundingClientRect().bottom) - 8);
}, null, { timeout: 5000 });

const focusedRow = () => page.evaluate(() => {
  const li = document.activeElement?.closest('[data-testid=room-item]');
  return li ? { pos: Number(li.getAttribute('aria-posinset')), link: document.activeElement.classList.contains('room-link') } : null;
});

const scrollTo = (top) => page.evaluate((y) => {
  document.querySelector('[data-testid=room-list]').parentElement.scrollTop = y;
  return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
}, top);

test('a long list renders the rows in view, counts them all, and scrolling reaches its end', async () => {
  await withArtifacts('room-list-window', page, async () => {
    const rendered = await page.getByTestId('room-item').count();
    assert.ok(rendered < ROOMS, `rows in the DOM: ${rendered} of ${ROOMS}`);
    const sizes = await page.evaluate(() => [...document.querySelectorAll('[data-testid=room-item]')].map((li) => li.getAttribute('aria-setsize')));
    assert.deepEqual([...new Set(sizes)], [String(ROOMS)], 'each row states the whole count');

    if (page.engine === 'chromium') {
      // The wheel, over the list, as a user scrolls.
      const box = await page.evaluate(() => {
        const r = document.querySelector('[data-testid=room-list]').parentElement.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      });
      await page.mouse.move(box.x, box.y);
      for (let i = 0; i < 12; i++) await page.mouse.wheel(0, 400);
    } else {
      for (let y = 400; y <= ROOMS * 80; y += 400) await scrollTo(y);
    }
    await shownAt(ROOMS);
    await viewFilled();
    assert.equal(await page.locator(pos(2)).count(), 0, 'the rows above the window left the DOM (the first stays, for Tab)');
    assert.equal(await page.locator(`${pos(ROOMS)} [data-testid=room-title]`).textContent(), 'Lighthouse visit');
    // The rows follow each other with no overlap and no hole, and the space for the rooms not
    // rendered (between the first row, kept for Tab, and the window) is exactly their height.
    const rowsAt = await page.evaluate(() => [...document.querySelectorAll('[data-testid=room-item]')]
      .map((li) => ({ pos: Number(li.getAttribute('aria-posinset')), top: li.getBoundingClientRect().top })));
    const steps = rowsAt.slice(1).map((r, i) => (r.top - rowsAt[i].top) / (r.pos - rowsAt[i].pos));
    assert.ok(Math.max(...steps) - Math.min(...steps) < 2, `even row steps: ${steps.join(' ')}`);
  });
});

test('the keyboard reaches every room: End, Home, the arrows and Tab', async () => {
  await withArtifacts('room-list-keys', page, async () => {
    await scrollTo(0);
    await page.locator(`${pos(1)} .room-link`).focus();
    await page.keyboard.press('End');
    await shownAt(ROOMS);
    assert.deepEqual(await focusedRow(), { pos: ROOMS, link: true });
    await page.keyboard.press('ArrowUp');
    assert.deepEqual(await focusedRow(), { pos: ROOMS - 1, link: true });
    await page.keyboard.press('Home');
    await shownAt(1);
    assert.deepEqual(await focusedRow(), { pos: 1, link: true });
    for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowDown');
    await shownAt(31);
    assert.deepEqual(await focusedRow(), { pos: 31, link: true });
    // Tab goes on to the row's menu button, then to the next room, past the first window.
    for (let i = 0; i < 20; i++) await page.keyboard.press('Tab');
    await shownAt(41);
    assert.deepEqual(await focusedRow(), { pos: 41, link: true });
    // The menu key opens that room's menu.
    await page.keyboard.press('Shift+F10');
    await page.getByTestId('room-menu').waitFor();
    // The menu takes its keys once it has taken the focus.
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'menuitem', null, { timeout: 5000 });
    await page.keyboard.press('Escape');
    await page.getByTestId('room-menu').waitFor({ state: 'detached' });
    // The focus goes back to the room on the next frame (RoomMenu.js).
    await page.waitForFunction(() => document.activeElement?.classList.contains('room-link'), null, { timeout: 5000 });
    assert.deepEqual(await focusedRow(), { pos: 41, link: true });
  });
});

test('Tab from above the list enters it at the first room and Shift+Tab from below at the last, wherever it is scrolled', async () => {
  await withArtifacts('room-list-tab', page, async () => {
    await scrollTo(20 * 80);
    await viewFilled();
    await page.getByTestId('room-sort').focus();
    await page.keyboard.press('Tab');
    assert.deepEqual(await focusedRow(), { pos: 1, link: true });
    await shownAt(1);
    await scrollTo(20 * 80);
    await viewFilled();
    await page.getByTestId('open-phrasebook').focus();
    // Backwards, the last row's menu button comes first, then the row itself.
    await page.keyboard.press('Shift+Tab');
    assert.deepEqual(await focusedRow(), { pos: ROOMS, link: false });
    await page.keyboard.press('Shift+Tab');
    assert.deepEqual(await focusedRow(), { pos: ROOMS, link: true });
    await shownAt(ROOMS);
  });
});

test('the filter finds a room far down, and emptying it brings the whole list back, filled', async () => {
  await withArtifacts('room-list-filter', page, async () => {
    await scrollTo(30 * 80); // well down the list: the short list cuts the scroll back
    await page.getByTestId('room-search').fill('lighthouse');
    await listed(1);
    assert.equal(await page.locator(`${pos(1)}[aria-setsize="1"] [data-testid=room-title]`).textContent(), 'Lighthouse visit');
    await page.getByTestId('room-search').fill('');
    await listed(ROOMS);
    await viewFilled();
    await shownAt(1);
  });
});

test('a room opened from a message search result is scrolled into view in the list', async () => {
  await withArtifacts('room-list-from-search', page, async () => {
    await scrollTo(0);
    const inView = () => page.evaluate((sel) => {
      const r = document.querySelector(sel)?.getBoundingClientRect();
      const box = document.querySelector('.sidebar-list').getBoundingClientRect();
      return Boolean(r && r.top >= box.top && r.bottom <= box.bottom);
    }, pos(ROOMS));
    assert.equal(await inView(), false, 'the far room is out of view at the top');
    await page.keyboard.press('Control+Shift+F');
    await page.getByTestId('message-search-input').fill('gallery');
    await page.getByTestId('search-hit').first().waitFor();
    await page.getByTestId('search-hit').first().click();
    await page.getByTestId('message-search').waitFor({ state: 'detached' });
    await shownAt(ROOMS);
    assert.equal(await page.locator(pos(ROOMS)).getAttribute('data-room-id'), far.id);
    assert.match(await page.locator(pos(ROOMS)).getAttribute('class'), /\bactive\b/);
  });
});
