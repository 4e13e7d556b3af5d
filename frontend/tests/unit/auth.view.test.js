import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { installFakeBackend } from '../fake/bridge.js';
import { App } from '../../src/views/App.js';
import { start, user, leave } from '../../src/store.js';
import { setLanguage } from '../../src/i18n/index.js';
import ko from '../../src/i18n/ko.js';
import ja from '../../src/i18n/ja.js';
import { mount, waitFor, byTestId, type, click, check } from './helpers.js';

describe('logged-out screens', () => {
  let fake;
  let view;
  beforeEach(async () => {
    fake = installFakeBackend(window);
    leave();
    user.value = undefined;
    view = mount(App);
    await start();
  });
  afterEach(() => {
    view.unmount();
    setLanguage('en');
  });

  it('shows a wrong password as a Korean sentence, not a code', async () => {
    setLanguage('ko');
    const root = view.container;
    await waitFor(() => byTestId(root, 'login-username'), { message: 'login form' });
    await type(byTestId(root, 'login-username'), 'mina');
    await type(byTestId(root, 'login-password'), 'wrong password');
    await click(byTestId(root, 'login-submit'));
    const err = await waitFor(() => byTestId(root, 'login-error'), { message: 'login error' });
    expect(err.textContent).toBe(ko['err.auth.bad_credentials']);
    expect(err.getAttribute('role')).toBe('alert');
    expect(fake.state.session).toBe(null);
  });

  it('shows a field error under the field it concerns', async () => {
    setLanguage('ja');
    const root = view.container;
    await waitFor(() => byTestId(root, 'goto-signup'));
    await click(byTestId(root, 'goto-signup'));
    await waitFor(() => byTestId(root, 'signup-username'));
    await type(byTestId(root, 'signup-username'), 'newbie');
    await type(byTestId(root, 'signup-password'), 'short');
    await type(byTestId(root, 'signup-confirm'), 'short');
    await click(byTestId(root, 'signup-submit'));
    const err = await waitFor(() => byTestId(root, 'error-password'));
    expect(err.textContent).toBe(ja['err.auth.weak_password']);
    expect(byTestId(root, 'signup-password').getAttribute('aria-invalid')).toBe('true');
    expect(byTestId(root, 'signup-error')).toBeNull();
  });

  it('shows the recovery code once and continues only after the user confirms saving it', async () => {
    const root = view.container;
    await waitFor(() => byTestId(root, 'goto-signup'));
    await click(byTestId(root, 'goto-signup'));
    await waitFor(() => byTestId(root, 'signup-username'));
    await type(byTestId(root, 'signup-username'), 'jun');
    await type(byTestId(root, 'signup-password'), 'a long password');
    await type(byTestId(root, 'signup-confirm'), 'a long password');
    await click(byTestId(root, 'signup-submit'));
    const code = await waitFor(() => byTestId(root, 'recovery-code'));
    expect(code.textContent).toBe('ABCD-EFGH-JKLM-NPQR');
    expect(root.textContent).toContain('cannot be read by anyone');
    const cont = byTestId(root, 'recovery-continue');
    expect(cont.disabled).toBe(true);
    await check(byTestId(root, 'recovery-saved'));
    await waitFor(() => !byTestId(root, 'recovery-continue').disabled);
    await click(byTestId(root, 'recovery-continue'));
    await waitFor(() => byTestId(root, 'home'), { message: 'home after sign-up' });
    expect(byTestId(root, 'recovery-code')).toBeNull();
  });

  it('refuses two different passwords before asking Go', async () => {
    const root = view.container;
    await waitFor(() => byTestId(root, 'goto-signup'));
    await click(byTestId(root, 'goto-signup'));
    await waitFor(() => byTestId(root, 'signup-username'));
    await type(byTestId(root, 'signup-username'), 'jun');
    await type(byTestId(root, 'signup-password'), 'a long password');
    await type(byTestId(root, 'signup-confirm'), 'another password');
    await click(byTestId(root, 'signup-submit'));
    await waitFor(() => byTestId(root, 'error-confirm'));
    expect(fake.calls.some(([m]) => m === 'SignUp')).toBe(false);
  });
});

describe('a new account', () => {
  it('keeps the language picked on the sign-up screen', async () => {
    const fake = installFakeBackend(window);
    leave();
    user.value = undefined;
    const view = mount(App);
    await start();
    const root = view.container;
    setLanguage('ja');
    await click(await waitFor(() => byTestId(root, 'goto-signup')));
    await type(await waitFor(() => byTestId(root, 'signup-username')), 'aki');
    await type(byTestId(root, 'signup-password'), 'a long password');
    await type(byTestId(root, 'signup-confirm'), 'a long password');
    await click(byTestId(root, 'signup-submit'));
    await check(await waitFor(() => byTestId(root, 'recovery-saved')));
    await click(byTestId(root, 'recovery-continue'));
    await waitFor(() => byTestId(root, 'home'));
    await waitFor(() => fake.state.settings.uiLanguage === 'ja');
    expect(byTestId(root, 'new-room').textContent.trim()).toBe(ja['rooms.new']);
    view.unmount();
    setLanguage('en');
  });
});
