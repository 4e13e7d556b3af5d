import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { App } from '../../src/views/App.js';
import { enter, navigate, leave, user } from '../../src/store.js';
import { setLanguage } from '../../src/i18n/index.js';
import en from '../../src/i18n/en.js';
import { mount, waitFor, byTestId, type, click, check, key, asMina } from './helpers.js';

describe('account', () => {
  let fake;
  let view;
  beforeEach(async () => {
    setLanguage('en');
    fake = asMina();
    view = mount(App);
    await enter(fake.state.session);
    navigate({ name: 'account' });
  });
  afterEach(() => {
    view.unmount();
    leave();
  });

  it('says which password was wrong when changing it', async () => {
    const root = view.container;
    await type(await waitFor(() => byTestId(root, 'password-current')), 'not it');
    await type(byTestId(root, 'password-next'), 'a brand new password');
    await type(byTestId(root, 'password-confirm'), 'a brand new password');
    await click(byTestId(root, 'password-submit'));
    const err = await waitFor(() => byTestId(root, 'error-current'));
    expect(err.textContent).toBe(en['err.auth.bad_credentials']);
  });

  it('changes the password and clears the form', async () => {
    const root = view.container;
    await type(await waitFor(() => byTestId(root, 'password-current')), 'correct horse');
    await type(byTestId(root, 'password-next'), 'a brand new password');
    await type(byTestId(root, 'password-confirm'), 'a brand new password');
    await click(byTestId(root, 'password-submit'));
    await waitFor(() => byTestId(document.body, 'password-changed'));
    expect(fake.state.users.get('mina').password).toBe('a brand new password');
    expect(byTestId(root, 'password-current').value).toBe('');
  });

  it('deletes the account only with the password and the confirmation, then shows log-in', async () => {
    const root = view.container;
    const button = await waitFor(() => byTestId(root, 'delete-account'));
    await type(byTestId(root, 'delete-password'), 'correct horse');
    expect(button.disabled).toBe(true);
    await check(byTestId(root, 'delete-confirm'));
    await waitFor(() => !byTestId(root, 'delete-account').disabled);
    await click(byTestId(root, 'delete-account'));
    await waitFor(() => byTestId(root, 'login-form'));
    expect(user.value).toBe(null);
    expect(fake.state.users.has('mina')).toBe(false);
  });

  it('passes the choice to remove the account from the backups too', async () => {
    const spy = vi.spyOn(fake.app, 'DeleteAccount');
    const root = view.container;
    await type(await waitFor(() => byTestId(root, 'delete-password')), 'correct horse');
    await check(byTestId(root, 'delete-confirm'));
    await check(byTestId(root, 'delete-from-backups'));
    await click(await waitFor(() => !byTestId(root, 'delete-account').disabled && byTestId(root, 'delete-account')));
    await waitFor(() => byTestId(root, 'login-form'));
    expect(spy).toHaveBeenCalledWith('correct horse', true);
  });

  it('shows a wrong password under the password field when deleting, even when Go names no field, and keeps the account', async () => {
    fake.app.DeleteAccount = vi.fn(async () => {
      throw { code: 'auth.bad_credentials', field: '', message: 'wrong password' };
    });
    const root = view.container;
    await type(await waitFor(() => byTestId(root, 'delete-password')), 'not it');
    await check(byTestId(root, 'delete-confirm'));
    await click(await waitFor(() => !byTestId(root, 'delete-account').disabled && byTestId(root, 'delete-account')));
    const err = await waitFor(() => byTestId(root, 'error-password'));
    expect(err.textContent).toBe(en['err.auth.bad_credentials']);
    expect(byTestId(root, 'delete-error')).toBeNull();
    expect(byTestId(root, 'delete-account').disabled).toBe(false); // ready for another try
    expect(user.value).not.toBe(null);
  });

  it('logs out from the user menu, and the next user starts with the rooms drawer closed', async () => {
    const { sidebarOpen } = await import('../../src/store.js');
    sidebarOpen.value = true; // logged out from the drawer on a narrow window
    const root = view.container;
    await click(await waitFor(() => byTestId(root, 'user-menu')));
    await click(await waitFor(() => byTestId(root, 'logout')));
    await waitFor(() => byTestId(root, 'login-form'));
    expect(fake.state.session).toBe(null);
    expect(sidebarOpen.value).toBe(false);
  });

  it('returns to log-in when Go says the session is gone', async () => {
    const root = view.container;
    fake.state.session = null;
    navigate({ name: 'trash' });
    await waitFor(() => byTestId(root, 'login-form'));
    expect(byTestId(document.body, 'error-toast').textContent).toContain(en['err.auth.required']);
  });

  it('shows the version and the data file', async () => {
    const root = view.container;
    expect((await waitFor(() => byTestId(root, 'app-datapath'))).textContent).toBe('/tmp/parley.db');
  });
});

describe('user menu', () => {
  it('moves between its items with the arrow keys and closes on Escape', async () => {
    const fake = asMina();
    const view = mount(App);
    await enter(fake.state.session);
    const root = view.container;
    await click(await waitFor(() => byTestId(root, 'user-menu')));
    await waitFor(() => document.activeElement === byTestId(root, 'menu-settings'));
    key(document.activeElement, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(byTestId(root, 'menu-account'));
    key(document.activeElement, { key: 'End' });
    expect(document.activeElement).toBe(byTestId(root, 'logout'));
    key(document.activeElement, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(byTestId(root, 'menu-settings'));
    key(document.activeElement, { key: 'Escape' });
    await waitFor(() => !byTestId(root, 'menu-settings'));
    expect(document.activeElement).toBe(byTestId(root, 'user-menu'));
    view.unmount();
    leave();
  });
});
