// The message search takes the keyboard in the update that shows it: its shortcut works the moment
// the learner is in, what is typed the moment the dialog appears goes into its box, and Esc closes it.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { installFakeBackend } from '../fake/bridge.js';
import { MessageSearch } from '../../src/views/Search.js';
import { searchOpen, forgetSearch } from '../../src/search.js';
import { user } from '../../src/store.js';
import { setLanguage } from '../../src/i18n/index.js';
import { mount, waitFor, settle, key, focusWhenShown } from './helpers.js';

describe('the message search dialog', () => {
  let view;
  beforeEach(() => {
    setLanguage('en');
    installFakeBackend(window);
    user.value = { id: 'u0', username: 'mina', displayName: 'Mina' };
  });
  afterEach(() => {
    view?.unmount();
    forgetSearch();
    user.value = null;
  });

  it('opens on Ctrl+Shift+F pressed in the update that logs the learner in', async () => {
    user.value = null;
    view = mount(MessageSearch);
    await settle();
    user.value = { id: 'u0', username: 'mina', displayName: 'Mina' };
    // The update runs in a microtask; a later frame has not come yet.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'F', ctrlKey: true, shiftKey: true, bubbles: true, cancelable: true }));
    expect(searchOpen.value).toBe(true);
  });

  it('has its box focused and Esc closing it in the update that shows it', async () => {
    view = mount(MessageSearch);
    await settle();
    const before = document.createElement('button');
    document.body.appendChild(before);
    before.focus();
    // What has the focus the moment the dialog is in the page, with Esc pressed right then.
    let box = null;
    const shown = focusWhenShown(document.body, '[data-testid="message-search-input"]', (el) => {
      box = el;
      key(document.activeElement, { key: 'Escape' });
    });
    searchOpen.value = true;
    const focused = await shown;
    before.remove();
    expect(focused).toBe(box);
    await waitFor(() => !searchOpen.value, { message: 'Esc to close the dialog' });
  });
});
