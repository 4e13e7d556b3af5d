// The phrasebook lists what its search and filter say now: answers that come back out of order
// (a filter change and a search each ask for a list) never put an older list on screen. The edit
// form takes the keyboard as it appears, never later: a field clicked into at once keeps it.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { installFakeBackend } from '../fake/bridge.js';
import { PhrasebookView } from '../../src/views/Phrasebook.js';
import { setLanguage } from '../../src/i18n/index.js';
import { mount, waitFor, byTestId, allByTestId, settle, type, click, focusWhenShown } from './helpers.js';

const phrase = (id, text, meaning, language) => ({
  id, text, meaning, reading: '', note: '', context: '', language, roomId: '', source: 'manual',
  createdAt: '2026-03-01T00:00:00Z', card: { state: 'new', due: '2026-03-01T00:00:00Z' },
});
const all = [phrase(1, 'お会計お願いします', 'The bill, please', 'ja'), phrase(2, '같이 가요', "Let's go together", 'ko')];

describe('phrasebook list', () => {
  let view;
  let pending;
  beforeEach(() => {
    setLanguage('en');
    const fake = installFakeBackend(window);
    fake.app.DuePhrases = async () => ({ count: 0, phrases: [] });
    pending = [];
    // Each list is answered only when the test says so, in whatever order it likes.
    fake.app.ListPhrases = ({ search, language }) => new Promise((resolve) => {
      const hits = all.filter((p) => (!language || p.language === language)
        && (!search || `${p.text} ${p.meaning}`.toLowerCase().includes(search.toLowerCase())));
      pending.push({ search, language, answer: () => resolve(hits) });
    });
  });
  afterEach(() => view?.unmount());

  const texts = () => allByTestId(view.container, 'phrase').map((li) => li.textContent);

  it('shows the newest query’s answer even when an older one arrives after it', async () => {
    view = mount(PhrasebookView);
    await waitFor(() => pending.length === 1);
    pending.shift().answer();
    await waitFor(() => allByTestId(view.container, 'phrase').length === 2);

    const select = byTestId(view.container, 'phrase-filter');
    select.value = 'ko';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    await type(byTestId(view.container, 'phrase-search'), 'bill');
    await waitFor(() => pending.length === 2);
    const [older, newer] = pending.splice(0);
    expect([older.language, older.search]).toEqual(['ko', '']);
    expect([newer.language, newer.search]).toEqual(['ko', 'bill']);

    newer.answer();
    await waitFor(() => byTestId(view.container, 'phrases-empty'), { message: 'no Korean phrase says bill' });
    older.answer();
    await settle();
    await settle();
    expect(byTestId(view.container, 'phrases-empty')).not.toBeNull();
    expect(texts()).toEqual([]);
  });

  it('a field clicked into the moment the edit form appears keeps the keyboard', async () => {
    const saved = [];
    window.go.main.App.UpdatePhrase = async (id, input) => { saved.push({ id, meaning: input.meaning }); return { ...all[0], ...input }; };
    view = mount(PhrasebookView);
    await waitFor(() => pending.length === 1);
    pending.shift().answer();
    const edit = await waitFor(() => byTestId(view.container, 'phrase-edit'));
    // What a quick learner (or Playwright's fill) does: the moment the form is in the page, focus
    // the meaning and type there. A focus the form makes after its first paint would land between
    // the click and the typing and send the words to the wrong field.
    let meaning = null;
    const appeared = focusWhenShown(view.container, '[data-testid=phrase-meaning]', (el) => { meaning = el; el.focus(); });
    await click(edit);
    await appeared;
    for (let i = 0; i < 3; i++) await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    expect(document.activeElement).toBe(meaning);
    await type(document.activeElement, 'Check, please');
    await click(byTestId(view.container, 'phrase-save'));
    await waitFor(() => saved.length === 1);
    expect(saved[0].meaning).toBe('Check, please');
  });
});
