// The room menu, the user menu, the rename field and the debrief take the keyboard in the update
// that shows them, not after the next paint: a key pressed the moment one appears reaches it (as in
// the tapped word's card and the message search).
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { App } from '../../src/views/App.js';
import { EndSession } from '../../src/views/Debrief.js';
import { enter, leave } from '../../src/store.js';
import { closeRoom } from '../../src/chat/room.js';
import * as coach from '../../src/coach.js';
import { setLanguage } from '../../src/i18n/index.js';
import { mount, waitFor, byTestId, click, key, asMina, focusWhenShown } from './helpers.js';

const base = { level: 'A2', myRole: 'me', aiRole: 'ai', goal: '', formality: '', presetId: '', language: 'ko', situation: 'Café' };

/** whenShown is focusWhenShown with the element too, and `press` pressed right then if given. */
async function whenShown(selector, press) {
  let el = null;
  const focused = await focusWhenShown(document.body, selector, (found) => {
    el = found;
    if (press) key(document.activeElement, { key: press });
  });
  return { el, focused };
}

describe('keys the moment it appears', () => {
  let view;
  let fake;
  beforeEach(async () => {
    setLanguage('en');
    fake = asMina();
    view = mount(App);
    await fake.app.CreateRoom({ ...base, title: 'Coffee' });
    await enter(fake.state.session);
    await waitFor(() => byTestId(view.container, 'room-menu-button'));
  });
  afterEach(() => {
    view.unmount();
    closeRoom();
    leave();
  });

  it('the room menu has its first item focused, and Esc closes it', async () => {
    const shown = whenShown('[data-testid=room-menu]', 'Escape');
    await click(byTestId(view.container, 'room-menu-button'));
    const { el, focused } = await shown;
    expect(focused.getAttribute('role')).toBe('menuitem');
    expect(el.contains(focused)).toBe(true);
    await waitFor(() => !byTestId(view.container, 'room-menu'), { message: 'Esc closed the menu' });
  });

  it('the rename field has the old name focused and selected', async () => {
    await click(byTestId(view.container, 'room-menu-button'));
    const shown = whenShown('[data-testid=room-rename]');
    await click(await waitFor(() => byTestId(view.container, 'room-menu-rename')));
    const { el, focused } = await shown;
    expect(focused).toBe(el);
    expect([el.selectionStart, el.selectionEnd]).toEqual([0, 'Coffee'.length]);
  });
  it('the user menu has its first item focused', async () => {
    const shown = whenShown('[data-testid=menu-settings]');
    await click(byTestId(view.container, 'user-menu'));
    const { el, focused } = await shown;
    expect(focused).toBe(el);
  });
});

describe('the debrief', () => {
  let view;
  afterEach(() => {
    view?.unmount();
    coach.debrief.value = null;
  });

  it('is focused in the update that shows it, so Esc at once closes it', async () => {
    setLanguage('en');
    asMina();
    view = mount(EndSession);
    const shown = whenShown('[data-testid=debrief]', 'Escape');
    coach.debrief.value = { state: 'ready', debrief: { id: 3, roomId: 'r1', language: 'en', createdAt: '2026-03-01T10:00:00Z', goals: [],
      corrections: [], phrases: [], level: { room: 'A2', felt: 'A2', next: 'B1', note: '' },
      stats: { lines: 3, words: 12, minutes: 5, hintsByRung: [0, 0, 0, 0] } } };
    const { el, focused } = await shown;
    expect(focused).toBe(el);
    await waitFor(() => coach.debrief.value === null, { message: 'Esc closed the debrief' });
  });
});
