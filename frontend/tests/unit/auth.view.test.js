import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { installFakeBackend } from '../fake/bridge.js';
import { App } from '../../src/views/App.js';
import { start, user, leave, startupError } from '../../src/store.js';
import { setLanguage } from '../../src/i18n/index.js';
import ko from '../../src/i18n/ko.js';
import ja from '../../src/i18n/ja.js';
import en from '../../src/i18n/en.js';
import { mount, waitFor, byTestId, type, click, check } from './helpers.js';

/** loggedOut mounts the app with nobody logged in and waits for the log-in screen. */
async function loggedOut() {
  const fake = installFakeBackend(window);
  leave();
  user.value = undefined;
  const view = mount(App);
  await start();
  await waitFor(() => byTestId(view.container, 'login-form'), { message: 'login form' });
  return { fake, view, root: view.container };
}

/** fillForm goes to a logged-out screen by its link and types into its fields, by testid. */
async function fillForm(root, link, fields) {
  await click(await waitFor(() => byTestId(root, link)));
  for (const [testid, value] of Object.entries(fields)) {
    await type(await waitFor(() => byTestId(root, testid), { message: testid }), value);
  }
}

/** keepCode confirms the recovery code was saved and continues into the app. */
async function keepCode(root) {
  await check(await waitFor(() => byTestId(root, 'recovery-saved')));
  await waitFor(() => !byTestId(root, 'recovery-continue').disabled);
  await click(byTestId(root, 'recovery-continue'));
  await waitFor(() => byTestId(root, 'home'), { message: 'home' });
}

const newUser = (username, password, confirm = password) => ({
  'signup-username': username, 'signup-password': password, 'signup-confirm': confirm,
});

describe('logged-out screens', () => {
  let fake;
  let view;
  let root;
  beforeEach(async () => {
    ({ fake, view, root } = await loggedOut());
  });
  afterEach(() => {
    view.unmount();
    setLanguage('en');
  });

  it('shows a wrong password as a Korean sentence, not a code', async () => {
    setLanguage('ko');
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
    await fillForm(root, 'goto-signup', newUser('newbie', 'short'));
    await click(byTestId(root, 'signup-submit'));
    const err = await waitFor(() => byTestId(root, 'error-password'));
    expect(err.textContent).toBe(ja['err.auth.weak_password']);
    expect(byTestId(root, 'signup-password').getAttribute('aria-invalid')).toBe('true');
    expect(byTestId(root, 'signup-error')).toBeNull();
  });

  it('shows the recovery code once and continues only after the user confirms saving it', async () => {
    await fillForm(root, 'goto-signup', newUser('jun', 'a long password'));
    await click(byTestId(root, 'signup-submit'));
    const code = await waitFor(() => byTestId(root, 'recovery-code'));
    expect(code.textContent).toBe('ABCD-EFGH-JKLM-NPQR');
    expect(root.textContent).toContain('cannot be read by anyone');
    expect(byTestId(root, 'recovery-continue').disabled).toBe(true);
    await keepCode(root);
    expect(byTestId(root, 'recovery-code')).toBeNull();
  });

  it('refuses two different passwords before asking Go', async () => {
    await fillForm(root, 'goto-signup', newUser('jun', 'a long password', 'another password'));
    await click(byTestId(root, 'signup-submit'));
    await waitFor(() => byTestId(root, 'error-confirm'));
    expect(fake.calls.some(([m]) => m === 'SignUp')).toBe(false);
  });

  it('recovers an account with its code, refusing different passwords first, and shows the new code', async () => {
    await fillForm(root, 'goto-recover', {
      'recover-username': 'mina', 'recover-code': ' ABCD-EFGH-JKLM-NPQR ', 'recover-password': 'a new long password', 'recover-confirm': 'typo',
    });
    await click(byTestId(root, 'recover-submit'));
    await waitFor(() => byTestId(root, 'error-confirm'));
    expect(fake.calls.some(([m]) => m === 'RecoverAccount')).toBe(false);

    await type(byTestId(root, 'recover-confirm'), 'a new long password');
    await click(byTestId(root, 'recover-submit'));
    expect((await waitFor(() => byTestId(root, 'recovery-code'))).textContent).toBe('WXYZ-2345-6789-ABCD');
    expect(fake.calls.find(([m]) => m === 'RecoverAccount')[1][0])
      .toMatchObject({ username: 'mina', recoveryCode: 'ABCD-EFGH-JKLM-NPQR', newPassword: 'a new long password' });
    await keepCode(root);
  });
});

describe('a new account', () => {
  it('keeps the language picked on the sign-up screen', async () => {
    const { fake, view, root } = await loggedOut();
    setLanguage('ja');
    await fillForm(root, 'goto-signup', newUser('aki', 'a long password'));
    await click(byTestId(root, 'signup-submit'));
    await keepCode(root);
    await waitFor(() => fake.state.settings.uiLanguage === 'ja');
    expect(byTestId(root, 'new-room').textContent.trim()).toBe(ja['rooms.new']);
    view.unmount();
    setLanguage('en');
  });
});

describe('when Parley cannot open its data', () => {
  afterEach(() => {
    startupError.value = null;
    setLanguage('en');
  });

  it('says the data is in use by another window, in the UI language, instead of a generic failure', async () => {
    setLanguage('ja');
    const fake = installFakeBackend(window);
    fake.app.WhoAmI = async () => { throw { code: 'store.locked', field: '', message: 'Parley is already running' }; };
    leave();
    user.value = undefined;
    const view = mount(App);
    await start();
    const alert = await waitFor(() => byTestId(view.container, 'startup-error'));
    expect(alert.textContent).toBe(ja['err.store.locked']);
    view.unmount();
  });

  it('falls back to the bridge sentence when the engine itself is unreachable', async () => {
    const fake = installFakeBackend(window);
    fake.app.WhoAmI = async () => { throw new Error('websocket closed'); };
    leave();
    user.value = undefined;
    const view = mount(App);
    await start();
    const alert = await waitFor(() => byTestId(view.container, 'startup-error'));
    expect(alert.textContent).toBe(en['app.bridgeError']);
    view.unmount();
  });
});

describe('restoring a backup before log-in', () => {
  afterEach(() => {
    startupError.value = null;
    setLanguage('en');
  });

  it('offers the backups when the data file is damaged, restores one, and can undo it', async () => {
    setLanguage('en');
    const fake = installFakeBackend(window);
    fake.state.corrupt = true;
    fake.state.backups = [
      { name: 'parley-20261128.db', kind: 'daily', time: '2026-11-28T09:00:00Z', size: 3 * 1024 * 1024 },
      { name: 'parley-20261127.db', kind: 'daily', time: '2026-11-27T09:00:00Z', size: 2048 },
    ];
    leave();
    user.value = undefined;
    const view = mount(App);
    await start();
    const root = view.container;
    const alert = await waitFor(() => byTestId(root, 'startup-error'));
    expect(alert.textContent).toContain(en['err.store.corrupt']);
    await click(byTestId(root, 'startup-restore'));
    await waitFor(() => root.querySelectorAll('[data-testid="backup-item"]').length === 2);
    const first = root.querySelector('[data-testid="backup-item"]');
    expect(first.textContent).toContain('3.0 MB');
    await click(first.querySelector('[data-testid="backup-restore"]'));
    await waitFor(() => byTestId(root, 'restore-done'));
    expect(byTestId(root, 'startup-error')).toBeNull();
    expect(fake.state.corrupt).toBe(false);
    // The damaged file was kept, listed, and undo brings it back.
    await waitFor(() => root.querySelectorAll('[data-testid="backup-item"]').length === 3);
    await click(byTestId(root, 'restore-undo'));
    await waitFor(() => byTestId(root, 'restore-undone'));
    expect(fake.state.corrupt).toBe(true);
    view.unmount();
  });

  it('lists no backups with a sentence rather than an empty box', async () => {
    installFakeBackend(window);
    leave();
    user.value = undefined;
    const view = mount(App);
    await start();
    await click(await waitFor(() => byTestId(view.container, 'goto-restore')));
    await waitFor(() => byTestId(view.container, 'restore-empty'));
    view.unmount();
  });
});

describe('salvaging a damaged data file', () => {
  afterEach(() => {
    startupError.value = null;
    setLanguage('en');
  });

  it('salvages from the damage notice and says what could not be recovered', async () => {
    setLanguage('en');
    const fake = installFakeBackend(window);
    fake.state.corrupt = true;
    leave();
    user.value = undefined;
    const view = mount(App);
    await start();
    const root = view.container;
    await click(await waitFor(() => byTestId(root, 'startup-salvage')));
    await click(await waitFor(() => byTestId(root, 'salvage-start')));
    const report = await waitFor(() => byTestId(root, 'salvage-report'));
    expect(report.textContent).toContain(en['salvage.kept'].replace('{accounts}', '1').replace('{values}', '1194'));
    expect(byTestId(root, 'salvage-lost').textContent).toContain(en['salvage.lost.msgs.one'].replace('{n}', '1'));
    expect(byTestId(root, 'startup-error')).toBeNull();
    expect(fake.state.corrupt).toBe(false);
    // The damaged file is kept and listed, so the salvage can be undone.
    expect(fake.state.backups[0].kind).toBe('replaced');
    view.unmount();
  });
});

describe('a damaged account record at log-in', () => {
  it('is named as damage, not a wrong password, and offers salvage and restore', async () => {
    setLanguage('en');
    const fake = installFakeBackend(window);
    fake.app.LogIn = async () => { throw { code: 'store.corrupt', field: '', message: 'an account record cannot be read' }; };
    leave();
    user.value = undefined;
    const view = mount(App);
    await start();
    const root = view.container;
    await type(await waitFor(() => byTestId(root, 'login-username')), 'mina');
    await type(byTestId(root, 'login-password'), 'correct horse');
    await click(byTestId(root, 'login-submit'));
    const err = await waitFor(() => byTestId(root, 'login-error'));
    expect(err.textContent).toBe(en['err.store.corrupt']);
    expect(err.textContent).not.toBe(en['err.auth.bad_credentials']);
    await click(byTestId(root, 'goto-salvage'));
    await waitFor(() => byTestId(root, 'salvage-start'));
    view.unmount();
  });
});
