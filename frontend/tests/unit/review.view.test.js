// The review screen takes the keyboard as soon as a card is there: a learner (or a test) pressing
// Enter the moment the card appears must flip it, not press whatever had the focus before.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { installFakeBackend } from '../fake/bridge.js';
import { ReviewView } from '../../src/views/Review.js';
import { setLanguage } from '../../src/i18n/index.js';
import { mount, waitFor, byTestId } from './helpers.js';

const phrase = {
  id: 7, text: '따뜻한', meaning: 'warm', reading: 'ttatteutan', note: '', context: '', language: 'ko',
  roomId: '', source: 'tap', createdAt: '2026-03-01T00:00:00Z',
  card: { state: 'new', due: '2026-03-01T00:00:00Z' },
};

describe('review', () => {
  let view;
  beforeEach(() => {
    setLanguage('en');
    const fake = installFakeBackend(window);
    fake.app.DuePhrases = async () => ({ count: 1, phrases: [phrase] });
  });
  afterEach(() => view?.unmount());

  it('has the card focused in the same update that shows it, so the first Enter flips it', async () => {
    const before = document.createElement('button');
    document.body.appendChild(before);
    before.focus();
    let focusedWhenShown = null;
    // A MutationObserver's callback runs right after the update that added the card, before any
    // later frame: what has the focus then is what a key pressed at once would reach.
    const seen = new MutationObserver(() => {
      const card = document.querySelector('[data-testid="review-card"]');
      if (card && focusedWhenShown === null) focusedWhenShown = document.activeElement === card;
    });
    seen.observe(document.body, { childList: true, subtree: true });
    view = mount(ReviewView);
    const card = await waitFor(() => byTestId(view.container, 'review-card'), { message: 'the card' });
    seen.disconnect();
    before.remove();
    expect(focusedWhenShown).toBe(true);

    card.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await waitFor(() => byTestId(view.container, 'review-back'), { message: 'the back of the card' });
  });
});
