// The card of a tapped word takes the keyboard in the update that shows it: Esc pressed the moment
// it appears closes it, as it would a moment later (not only once the next frame has been painted).
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { installFakeBackend } from '../fake/bridge.js';
import { TapWord } from '../../src/views/TapWord.js';
import { setLanguage } from '../../src/i18n/index.js';
import { mount, waitFor, key, focusWhenShown } from './helpers.js';

describe('tap a word', () => {
  let view;
  let bubble;
  beforeEach(() => {
    setLanguage('en');
    const fake = installFakeBackend(window);
    fake.app.LookupWord = async (_id, req) => ({ word: req.word, reading: '', dictionaryForm: '', meaning: 'warm', note: '', cached: false });
    fake.app.CancelCall = async () => {};
    bubble = document.createElement('div');
    bubble.innerHTML = '<div data-testid="message"><div class="bubble"><div class="text">따뜻한 커피 드릴까요?</div></div></div>';
    document.body.appendChild(bubble);
  });
  afterEach(() => {
    view?.unmount();
    bubble.remove();
  });

  it('has the card focused and listening for Esc in the update that shows it', async () => {
    view = mount(TapWord, { room: { id: 'r1', language: 'ko' } });
    // TapWord listens for clicks from an effect of its own: let it run.
    await new Promise((r) => setTimeout(r, 200));
    const before = document.createElement('button');
    document.body.appendChild(before);
    before.focus();
    // What has the focus the moment the card is in the page, with Esc pressed right then.
    const shown = focusWhenShown(document.body, '[data-testid="tap-card"]', () => key(document.activeElement, { key: 'Escape' }));
    const text = bubble.querySelector('.text');
    const range = document.createRange();
    range.setStart(text.firstChild, 0);
    range.setEnd(text.firstChild, 3);
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
    text.dispatchEvent(new MouseEvent('click', { bubbles: true, button: 0 }));
    const focused = await shown;
    before.remove();
    window.getSelection().removeAllRanges();
    expect(focused?.dataset.testid).toBe('tap-card');
    await waitFor(() => !document.querySelector('[data-testid="tap-card"]'), { message: 'Esc to close the card' });
  });
});
