import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { App } from '../../src/views/App.js';
import { enter, navigate, leave } from '../../src/store.js';
import { closeRoom } from '../../src/chat/room.js';
import { forgetLimits } from '../../src/limits.js';
import { setLanguage } from '../../src/i18n/index.js';
import en from '../../src/i18n/en.js';
import { mount, waitFor, byTestId, type, click, asMina } from './helpers.js';

// Deliberately unlike today's Go values, so a hand copy in the page would show.
const GO = {
  levels: ['A1', 'B1', 'X9'],
  languages: ['ja', 'ko'],
  formalities: ['', 'polite'],
  maxTitle: 41, maxSituation: 301, maxRole: 51, maxGoal: 99, maxMessage: 50, previewLen: 120,
};

const options = (select) => [...select.options].map((o) => o.value);

describe('limits from Go', () => {
  let fake;
  let view;
  beforeEach(() => {
    setLanguage('en');
    forgetLimits();
    fake = asMina();
    fake.app.Limits = async () => GO;
    view = mount(App);
  });
  afterEach(() => {
    view.unmount();
    closeRoom();
    leave();
  });

  it('offers the levels, languages and formalities Go sends, with its maximum lengths, asking once', async () => {
    const room = await fake.app.CreateRoom({ language: 'ko', level: 'A1', situation: 's', myRole: 'a', aiRole: 'b' });
    fake.state.messages.set(room.id, [{ id: 1, role: 'assistant', text: 'Hi', status: 'done', createdAt: new Date().toISOString() }]);
    await enter(fake.state.session);
    const root = view.container;
    navigate({ name: 'new' });
    const level = await waitFor(() => byTestId(root, 'room-level'));
    expect(options(level)).toEqual(['A1', 'B1', 'X9']);
    expect([...level.options].map((o) => o.textContent)).toEqual(['A1 · Beginner', 'B1 · Intermediate', 'X9']);
    expect(options(byTestId(root, 'room-language'))).toEqual(['ja', 'ko']);
    expect(options(byTestId(root, 'room-formality'))).toEqual(['', 'polite']);
    expect(byTestId(root, 'room-title-input').maxLength).toBe(41);
    expect(byTestId(root, 'room-situation').maxLength).toBe(301);
    expect(byTestId(root, 'room-myrole').maxLength).toBe(51);
    expect(byTestId(root, 'room-airole').maxLength).toBe(51);
    expect(byTestId(root, 'room-goal').maxLength).toBe(99);
    expect(options(byTestId(root, 'room-filter'))).toEqual(['', 'ja', 'ko']);

    navigate({ name: 'chat', roomId: room.id });
    const composer = await waitFor(() => byTestId(root, 'composer'));
    expect(composer.maxLength).toBe(50);
    await type(composer, 'x'.repeat(46));
    expect(byTestId(root, 'char-count').textContent).toBe('46 / 50 characters');
    expect(fake.calls.filter(([m]) => m === 'Limits')).toHaveLength(1);
  });

  it('says so and offers a retry when Go cannot tell, and the rest of the app still works', async () => {
    fake.app.Limits = async () => Promise.reject({ code: 'internal', message: 'boom' });
    const room = await fake.app.CreateRoom({ language: 'ko', level: 'A1', situation: 's', myRole: 'a', aiRole: 'b' });
    fake.state.messages.set(room.id, [{ id: 1, role: 'assistant', text: 'Hi', status: 'done', createdAt: new Date().toISOString() }]);
    await enter(fake.state.session);
    const root = view.container;
    navigate({ name: 'new' });
    const failed = await waitFor(() => byTestId(root, 'limits-error'));
    expect(failed.textContent).toContain(en['editor.limitsError']);
    expect(byTestId(root, 'room-form')).toBeNull();
    // The room list filter falls back to the languages of the rooms there are.
    expect(options(byTestId(root, 'room-filter'))).toEqual(['', 'ko']);

    navigate({ name: 'chat', roomId: room.id });
    const composer = await waitFor(() => byTestId(root, 'composer'));
    expect(composer.getAttribute('maxlength')).toBeNull(); // no guess: Go still refuses a line too long
    await type(composer, 'x'.repeat(3000));
    expect(byTestId(root, 'char-count')).toBeNull();

    navigate({ name: 'new' });
    const retry = await waitFor(() => byTestId(root, 'limits-error')?.querySelector('button'));
    fake.app.Limits = async () => GO;
    await click(retry);
    await waitFor(() => byTestId(root, 'room-form'));
    expect(options(byTestId(root, 'room-level'))).toEqual(['A1', 'B1', 'X9']);
    // Go offers no A2 here: its first level, set once the form knows Go's levels.
    await waitFor(() => byTestId(root, 'room-level').value === 'A1', { message: 'the first level Go offers' });
  });
});
