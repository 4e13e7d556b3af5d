import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { App } from '../../src/views/App.js';
import { enter, navigate, leave, user } from '../../src/store.js';
import { setLanguage } from '../../src/i18n/index.js';
import { mount, waitFor, byTestId, type, click, asMina } from './helpers.js';

const choose = async (el, value) => {
  el.value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
  await new Promise((r) => setTimeout(r, 0));
};

describe('profile', () => {
  let fake;
  let view;
  beforeEach(async () => {
    setLanguage('en');
    fake = asMina();
    fake.state.settings.hasKey = true;
    view = mount(App);
    await enter(fake.state.session);
  });
  afterEach(() => {
    view.unmount();
    leave();
  });

  it('changes the display name, the explanation language and the new-room defaults, which a new room starts with', async () => {
    navigate({ name: 'account' });
    const root = view.container;
    await type(await waitFor(() => byTestId(root, 'profile-displayname')), 'Mina K.');
    await choose(byTestId(root, 'profile-explain'), 'ko');
    await choose(byTestId(root, 'profile-practice-language'), 'ja');
    await waitFor(() => [...byTestId(root, 'profile-practice-level').options].some((o) => o.value === 'B1'));
    await choose(byTestId(root, 'profile-practice-level'), 'B1');
    await click(byTestId(root, 'profile-save'));
    await waitFor(() => byTestId(document.body, 'profile-saved'));
    expect(user.value.displayName).toBe('Mina K.');
    expect(fake.state.settings).toMatchObject({ explainLanguage: 'ko', practiceLanguage: 'ja', practiceLevel: 'B1', hasKey: true });
    expect(byTestId(root, 'user-menu').textContent).toContain('Mina K.');

    navigate({ name: 'new' });
    const language = await waitFor(() => byTestId(root, 'room-language'));
    expect(language.value).toBe('ja');
    expect(byTestId(root, 'room-level').value).toBe('B1');
  });

  it('shows a name that is too long under its field', async () => {
    navigate({ name: 'account' });
    const root = view.container;
    await type(await waitFor(() => byTestId(root, 'profile-displayname')), 'x'.repeat(65));
    await click(byTestId(root, 'profile-save'));
    await waitFor(() => byTestId(root, 'error-displayName'));
    expect(user.value.displayName).not.toBe('x'.repeat(65));
  });
});
