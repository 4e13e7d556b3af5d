import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { installFakeBackend } from '../fake/bridge.js';
import { LineFeedback } from '../../src/views/Coach.js';
import * as coach from '../../src/coach.js';
import { roomId } from '../../src/chat/state.js';
import { setLanguage } from '../../src/i18n/index.js';
import en from '../../src/i18n/en.js';
import { mount, waitFor, byTestId, allByTestId, click, settle } from './helpers.js';

const line = { id: 5, role: 'user', text: 'I want a latte hot medium', status: 'done' };

describe('the coach under a learner line', () => {
  let fake;
  let view;
  beforeEach(() => {
    setLanguage('en');
    fake = installFakeBackend(window);
    roomId.value = 'r1';
    coach.mode.value = 'on';
    coach.feedback.value = new Map();
  });
  afterEach(() => view?.unmount());

  const show = (fb) => coach.onFeedback({ roomId: 'r1', messageId: 5, language: 'en', line: line.text, ...fb });

  it('says nothing until the coach does, and in on-request rooms offers Check', async () => {
    view = mount(LineFeedback, { msg: line });
    expect(view.container.textContent).toBe('');
    coach.mode.value = 'request';
    await settle();
    expect(byTestId(view.container, 'coach-check').textContent).toBe(en['coach.check']);
  });

  it('marks a natural line quietly, and highlights what a correction removed and inserted', async () => {
    view = mount(LineFeedback, { msg: line });
    show({ status: 'ready', verdict: 'natural' });
    await settle();
    expect(byTestId(view.container, 'coach-feedback').textContent).toBe(en['coach.natural']);
    show({ status: 'ready', verdict: 'corrected', corrected: 'I want a medium hot latte',
      changes: [{ original: 'a latte hot medium', corrected: 'a medium hot latte', category: 'grammar', explanation: 'Size first.' }] });
    await settle();
    expect(allByTestId(view.container, 'coach-del').map((e) => e.textContent)).toEqual(['latte', 'medium']);
    expect(allByTestId(view.container, 'coach-ins').map((e) => e.textContent)).toEqual(['medium', 'latte']);
    expect(byTestId(view.container, 'coach-explanation')).toBeNull(); // explanations open on demand
    await click(byTestId(view.container, 'coach-why'));
    expect(byTestId(view.container, 'coach-explanation').textContent).toBe('Size first.');
    expect(view.container.querySelector('.coach-cat').textContent).toBe(en['coach.cat.grammar']);
  });

  it('offers a more natural phrasing for a correct but stilted line', async () => {
    view = mount(LineFeedback, { msg: line });
    show({ status: 'ready', verdict: 'stilted', corrected: line.text, changes: [], alternative: 'A medium hot latte, please.' });
    await settle();
    expect(byTestId(view.container, 'coach-corrected')).toBeNull();
    expect(byTestId(view.container, 'coach-alternative').textContent).toBe('A medium hot latte, please.');
  });

  it('says feedback is unavailable and Retry asks the coach again', async () => {
    view = mount(LineFeedback, { msg: line });
    show({ status: 'unavailable', errorCode: 'llm.malformed' });
    await settle();
    expect(byTestId(view.container, 'coach-feedback').textContent).toContain(en['coach.unavailable']);
    fake.app.CheckLine = async (room, id) => ({ roomId: room, messageId: id, status: 'ready', verdict: 'natural', language: 'en', line: line.text });
    await click(byTestId(view.container, 'coach-retry'));
    await waitFor(() => byTestId(view.container, 'coach-feedback')?.dataset.verdict === 'natural');
    expect(fake.calls.filter(([m]) => m === 'CheckLine').map(([, a]) => a)).toEqual([['r1', 5]]);
  });

  it('ignores feedback for another room', async () => {
    view = mount(LineFeedback, { msg: line });
    coach.onFeedback({ roomId: 'other', messageId: 5, status: 'ready', verdict: 'natural' });
    await settle();
    expect(view.container.textContent).toBe('');
  });
});
