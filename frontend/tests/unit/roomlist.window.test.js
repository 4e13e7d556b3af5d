// The windowed room list (RoomList.js) in a long list: it renders the rows in view, not all of
// them, yet states the whole count, and the keyboard, scrolling and opening a room from elsewhere
// reach every room. jsdom has no layout: the scroller's geometry is stated by the test.
import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';

const { App } = await import('../../src/views/App.js');
const { enter, navigate, leave, rooms } = await import('../../src/store.js');
const { closeRoom } = await import('../../src/chat/room.js');
const { setLanguage } = await import('../../src/i18n/index.js');
const { ROW_GUESS } = await import('../../src/roomWindow.js');
const { mount, waitFor, allByTestId, byTestId, settle, asMina, key, focusWhenShown } = await import('./helpers.js');

const base = { level: 'A2', myRole: 'me', aiRole: 'ai', goal: '', formality: '', presetId: '', language: 'en', situation: 'Café' };
const ROOMS = 60;

describe('the windowed room list', () => {
  let view;
  let scrolled;
  const list = () => byTestId(view.container, 'room-list');
  const rows = () => allByTestId(view.container, 'room-item');
  const positions = () => rows().map((li) => Number(li.getAttribute('aria-posinset')));
  const row = (pos) => rows().find((li) => li.getAttribute('aria-posinset') === String(pos));
  const scrollTo = async (px) => {
    scrolled = px;
    list().parentElement.dispatchEvent(new Event('scroll'));
    await settle();
  };

  beforeEach(async () => {
    setLanguage('en');
    const fake = asMina();
    view = mount(App);
    for (let i = 0; i < ROOMS; i++) await fake.app.CreateRoom({ ...base, title: `Room ${i}` });
    await enter(fake.state.session);
    await waitFor(() => list()?.dataset.count === String(ROOMS));
    // What layout would say: the list's top sits `scrolled` px above its scroller's.
    scrolled = 0;
    vi.spyOn(list(), 'getBoundingClientRect').mockImplementation(() => ({ top: -scrolled }));
    // Scrolling a row into view puts it at the scroller's top, as layout would.
    Element.prototype.scrollIntoView = vi.fn(function () {
      const pos = Number(this.getAttribute('aria-posinset'));
      if (pos) scrolled = (pos - 1) * ROW_GUESS;
    });
    await settle();
  });
  afterEach(() => {
    view.unmount();
    closeRoom();
    leave();
    delete Element.prototype.scrollIntoView;
  });

  it('renders only the rows in view and overscan, and the last row, each stating its place in the whole list', () => {
    const shown = positions();
    expect(shown.length).toBeLessThan(ROOMS);
    expect(shown.length).toBe(Number(list().dataset.shown));
    const window = shown.slice(0, -1);
    expect(window).toEqual(window.map((_, i) => i + 1));
    expect(shown.at(-1)).toBe(ROOMS);
    expect(rows().every((li) => li.getAttribute('aria-setsize') === String(ROOMS))).toBe(true);
    // The rooms not rendered are empty space of their height, so the scrollbar spans the list.
    const gap = list().querySelector('.room-gap');
    expect(gap.getAttribute('aria-hidden')).toBe('true');
    expect(gap.style.height).toBe(`${(ROOMS - shown.length) * ROW_GUESS}px`);
    expect(gap.nextElementSibling).toBe(row(ROOMS));
  });

  it('keeps the first and last rooms rendered wherever it is scrolled, so Tab and Shift+Tab enter the list at its ends', async () => {
    await scrollTo(30 * ROW_GUESS);
    await waitFor(() => row(35), { message: 'rows in view rendered' });
    expect(row(1)).toBeDefined();
    expect(row(ROOMS)).toBeDefined();
    expect(row(2)).toBeUndefined();
    expect(row(ROOMS - 1)).toBeUndefined();
    // In the document's order, so the Tab order is the list's: first, the window, last.
    const shown = positions();
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    expect([shown[0], shown.at(-1)]).toEqual([1, ROOMS]);
  });

  it('moves the focus through the whole list with End, the arrows, PageUp and Home', async () => {
    row(1).querySelector('.room-link').focus();
    key(document.activeElement, { key: 'End' });
    await waitFor(() => document.activeElement?.closest('[data-room-id]')?.getAttribute('aria-posinset') === String(ROOMS), { message: 'last room focused' });
    expect(document.activeElement.classList.contains('room-link')).toBe(true);
    key(document.activeElement, { key: 'ArrowUp' });
    await waitFor(() => document.activeElement?.closest('[data-room-id]')?.getAttribute('aria-posinset') === String(ROOMS - 1), { message: 'one up' });
    key(document.activeElement, { key: 'PageUp' });
    await waitFor(() => Number(document.activeElement?.closest('[data-room-id]')?.getAttribute('aria-posinset')) < ROOMS - 2, { message: 'a page up' });
    key(document.activeElement, { key: 'Home' });
    await waitFor(() => document.activeElement === row(1)?.querySelector('.room-link'), { message: 'first room focused' });
    key(document.activeElement, { key: 'ArrowDown' });
    await waitFor(() => document.activeElement === row(2)?.querySelector('.room-link'), { message: 'second room focused' });
    expect(Element.prototype.scrollIntoView).toHaveBeenCalled();
  });

  it('moves from checkbox to checkbox while selecting rooms', async () => {
    byTestId(view.container, 'select-rooms').click();
    await waitFor(() => row(1)?.querySelector('.room-check'), { message: 'checkboxes' });
    row(1).querySelector('.room-check').focus();
    key(document.activeElement, { key: 'ArrowDown' });
    await waitFor(() => document.activeElement === row(2)?.querySelector('.room-check'), { message: 'next checkbox focused' });
    key(document.activeElement, { key: 'End' });
    await waitFor(() => document.activeElement === row(ROOMS)?.querySelector('.room-check'), { message: 'last checkbox focused' });
    // Shift+arrows are left to the browser (they select text), not taken as moves.
    expect(key(document.activeElement, { key: 'ArrowUp', shiftKey: true }).defaultPrevented).toBe(false);
  });

  it('follows the scroll, keeping the focused row rendered where it is', async () => {
    row(2).querySelector('.room-link').focus();
    await settle();
    await scrollTo(40 * ROW_GUESS);
    await waitFor(() => row(45), { message: 'rows in view rendered' });
    expect(row(10)).toBeUndefined();
    expect(document.activeElement).toBe(row(2)?.querySelector('.room-link'));
    const shown = positions();
    expect(shown.slice(0, 2)).toEqual([1, 2]);
    expect(shown.slice(2)).toEqual(shown.slice(2).map((_, i) => shown[2] + i));
    expect(shown.at(-1)).toBe(ROOMS);
  });

  it('scrolls to the open room when it is opened from elsewhere', async () => {
    expect(row(ROOMS - 1)).toBeUndefined();
    const last = rooms.value[ROOMS - 1]; // no pins and the default order: the list's last row
    navigate({ name: 'chat', roomId: last.id });
    await waitFor(() => row(ROOMS)?.classList.contains('active'), { message: 'the open room highlighted' });
    expect(row(ROOMS).dataset.roomId).toBe(last.id);
    await waitFor(() => row(ROOMS - 1), { message: 'the window moved to it' });
    expect(row(2)).toBeUndefined();
    expect(Element.prototype.scrollIntoView.mock.contexts).toContain(row(ROOMS));
  });

  it('follows a scroll made in the update that shows the list, before any paint', async () => {
    view.unmount();
    const shown = focusWhenShown(document.body, '[data-testid=room-list]', (ul) => {
      vi.spyOn(ul, 'getBoundingClientRect').mockImplementation(() => ({ top: -scrolled }));
      scrolled = 30 * ROW_GUESS;
      ul.parentElement.dispatchEvent(new Event('scroll'));
    });
    view = mount(App);
    await shown;
    await waitFor(() => row(35), { message: 'the window followed that scroll' });
  });
});
