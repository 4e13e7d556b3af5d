// Saving to the phrasebook from what the coach shows (corrections, hints, translations, the
// debrief) and the corrections-per-100-words chart on Progress.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { installFakeBackend } from '../fake/bridge.js';
import { LineFeedback } from '../../src/views/Coach.js';
import { HintLadder } from '../../src/views/Hints.js';
import { TranslationNote } from '../../src/views/Understand.js';
import { EndSession } from '../../src/views/Debrief.js';
import { ProgressView } from '../../src/views/Progress.js';
import * as coach from '../../src/coach.js';
import * as chatState from '../../src/chat/state.js';
import { rooms, route } from '../../src/store.js';
import { setLanguage } from '../../src/i18n/index.js';
import en from '../../src/i18n/en.js';
import { mount, waitFor, byTestId, allByTestId, click, settle } from './helpers.js';

const saved = (fake) => fake.calls.filter(([m]) => m === 'SavePhrase').map(([, [input]]) => input);
const blank = { text: '', meaning: '', reading: '', note: '', context: '', language: '', roomId: '', source: '' };

describe('saving what the coach shows to the phrasebook', () => {
  let fake;
  let view;
  beforeEach(() => {
    setLanguage('en');
    fake = installFakeBackend(window);
    fake.app.SavePhrase = async (input) => ({ id: 1, ...input, createdAt: '2026-03-01T00:00:00Z' });
    fake.app.DuePhrases = async () => ({ count: 1, phrases: [] });
    rooms.value = [{ id: 'r1', title: 'Café', language: 'en', level: 'A2' }];
    route.value = { name: 'room', roomId: 'r1' };
    chatState.roomId.value = 'r1';
    coach.mode.value = 'on';
    coach.feedback.value = new Map();
  });
  afterEach(() => {
    view?.unmount();
    chatState.hint.value = null;
    chatState.messages.value = [];
    coach.debrief.value = null;
  });

  it('saves the corrected line and each change with the learner’s own line as context', async () => {
    const line = { id: 5, role: 'user', text: 'I want a latte hot medium', status: 'done' };
    view = mount(LineFeedback, { msg: line });
    coach.onFeedback({ roomId: 'r1', messageId: 5, language: 'en', line: line.text, status: 'ready', verdict: 'corrected',
      corrected: 'I want a medium hot latte', changes: [{ original: 'latte hot medium', corrected: 'medium hot latte', category: 'grammar', explanation: 'Size first.' }] });
    await settle();
    const b = byTestId(view.container, 'save-corrected');
    expect(b.tagName).toBe('BUTTON');
    expect(b.getAttribute('aria-label')).toBe('Save “I want a medium hot latte” to your phrasebook');
    expect(b.textContent).toBe(en['save.button']);
    await click(b);
    await waitFor(() => byTestId(view.container, 'save-corrected').dataset.state === 'saved');
    expect(byTestId(view.container, 'save-corrected').textContent).toBe(en['save.saved']);
    await click(byTestId(view.container, 'coach-why'));
    await click(byTestId(view.container, 'save-change'));
    await waitFor(() => saved(fake).length === 2);
    expect(saved(fake)).toEqual([
      { ...blank, text: 'I want a medium hot latte', context: line.text, language: 'en', roomId: 'r1', source: 'correction' },
      { ...blank, text: 'medium hot latte', note: 'Size first.', context: line.text, language: 'en', roomId: 'r1', source: 'correction' },
    ]);
    expect(fake.calls.some(([m]) => m === 'DuePhrases')).toBe(true); // the sidebar's due count follows
  });

  it('saves a hint phrase with the hint line as context, and the hint line with its translation', async () => {
    chatState.messages.value = [
      { id: 1, role: 'assistant', text: 'Hi! What can I get you?', status: 'done' },
      { id: 2, role: 'user', text: 'Hello', status: 'done' },
    ];
    chatState.hint.value = { state: 'ready', rung: 4, ladder: { aim: 'Order a drink.', phrases: [{ text: 'Could I get', meaning: 'polite request' }],
      starter: 'Could I…', line: 'Could I get a medium latte?', translation: '미디엄 라떼 주시겠어요?' } };
    view = mount(HintLadder);
    await settle();
    await click(byTestId(view.container, 'save-hint-phrase'));
    await click(byTestId(view.container, 'save-hint-line'));
    await waitFor(() => saved(fake).length === 2);
    expect(saved(fake)).toEqual([
      { ...blank, text: 'Could I get', meaning: 'polite request', context: 'Could I get a medium latte?', language: 'en', roomId: 'r1', source: 'hint' },
      { ...blank, text: 'Could I get a medium latte?', meaning: '미디엄 라떼 주시겠어요?', context: 'Hi! What can I get you?', language: 'en', roomId: 'r1', source: 'hint' },
    ]);
  });

  it('saves a translated message with its translation as the meaning', async () => {
    const msg = { id: 7, role: 'assistant', text: 'For here or to go?', status: 'done' };
    coach.translations.value = new Map([[7, { state: 'ready', text: '드시고 가세요, 가져가세요?', language: 'ko' }]]);
    view = mount(TranslationNote, { msg });
    await settle();
    await click(byTestId(view.container, 'save-translation'));
    await waitFor(() => saved(fake).length === 1);
    expect(saved(fake)[0]).toEqual({ ...blank, text: 'For here or to go?', meaning: '드시고 가세요, 가져가세요?', context: 'For here or to go?',
      language: 'en', roomId: 'r1', source: 'translation' });
  });

  it('saves a debrief phrase with the partner’s line it came from', async () => {
    coach.debrief.value = { state: 'ready', debrief: { id: 3, roomId: 'r1', language: 'en', createdAt: '2026-03-01T10:00:00Z', goals: [], corrections: [],
      phrases: [{ text: 'for here or to go', meaning: 'eat in or take away', context: 'Would you like it for here or to go?' }],
      level: { room: 'A2', felt: 'A2', next: 'B1', note: '' }, stats: { lines: 3, words: 12, minutes: 5, hintsByRung: [0, 0, 0, 0] } } };
    view = mount(EndSession);
    await settle();
    const b = byTestId(view.container, 'save-debrief-phrase');
    expect(b.getAttribute('aria-label')).toBe('Save “for here or to go” to your phrasebook');
    b.focus();
    expect(document.activeElement).toBe(b); // reachable from the keyboard
    await click(b);
    await waitFor(() => saved(fake).length === 1);
    expect(saved(fake)[0]).toEqual({ ...blank, text: 'for here or to go', meaning: 'eat in or take away', context: 'Would you like it for here or to go?',
      language: 'en', roomId: 'r1', source: 'debrief' });
  });

  it('keeps the button usable when saving fails, with the error shown', async () => {
    fake.app.SavePhrase = async () => { throw { code: 'input.invalid', message: 'bad' }; };
    chatState.hint.value = { state: 'ready', rung: 2, ladder: { aim: 'a', phrases: [{ text: 'latte', meaning: '' }], starter: '', line: 'A latte.', translation: '' } };
    view = mount(HintLadder);
    await settle();
    await click(byTestId(view.container, 'save-hint-phrase'));
    await waitFor(() => byTestId(view.container, 'save-hint-phrase').dataset.state === 'idle' && fake.calls.some(([m]) => m === 'SavePhrase'));
    expect(byTestId(view.container, 'save-hint-phrase').disabled).toBe(false);
  });
});

describe('corrections per 100 words on Progress', () => {
  let fake;
  let view;
  beforeEach(() => {
    setLanguage('en');
    fake = installFakeBackend(window);
  });
  afterEach(() => view?.unmount());

  const day = (date, per100 = null, corrections = 0, checkedWords = 0) => ({ date, lines: 1, words: 10, per100, corrections, checkedWords });

  it('draws a dot on each day the coach checked, none on the others, and the rate over the two weeks', async () => {
    const days = Array.from({ length: 14 }, (_, i) => day(`2026-03-${String(i + 1).padStart(2, '0')}`));
    days[3] = day('2026-03-04', 15, 3, 20);
    days[13] = day('2026-03-14', 3.3, 1, 30);
    fake.app.Progress = async () => [
      { language: 'ko', minutes: 9, sessions: 1, lines: 2, words: 50, streak: 1, practicedToday: true, phrasesSaved: 0, phrasesLearned: 0, days, per100: 8 },
      { language: 'ja', minutes: 1, sessions: 1, lines: 1, words: 3, streak: 1, practicedToday: true, phrasesSaved: 0, phrasesLearned: 0, days: days.map((d) => ({ ...d, per100: null })), per100: null },
    ];
    view = mount(ProgressView);
    const ko = await waitFor(() => view.container.querySelector('[data-language="ko"]'));
    expect(byTestId(ko, 'progress-per100').textContent).toBe('8');
    const dots = [...ko.querySelectorAll('[data-testid="progress-rate-chart"] circle')];
    expect(dots.map((c) => [c.dataset.date, c.dataset.per100])).toEqual([['2026-03-04', '15'], ['2026-03-14', '3.3']]);
    expect(dots[0].querySelector('title').textContent).toBe('2026-03-04: 15 per 100 words (3 corrections in 20 words)');
    // 15 is the top of the scale, 3.3 sits lower.
    expect(Number(dots[0].getAttribute('cy'))).toBeLessThan(Number(dots[1].getAttribute('cy')));
    expect(ko.querySelector('polyline')).not.toBeNull();
    const ja = view.container.querySelector('[data-language="ja"]');
    expect(byTestId(ja, 'progress-per100').textContent).toBe('—');
    expect(byTestId(ja, 'progress-rate-chart')).toBeNull();
    expect(byTestId(ja, 'progress-rate-empty').textContent).toBe(en['progress.rateEmpty']);
    expect(allByTestId(view.container, 'progress-chart').length).toBe(2); // the words chart stays
  });
});
