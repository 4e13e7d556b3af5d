import { describe, it, expect, afterEach } from 'vitest';
import { installFakeBackend } from '../fake/bridge.js';
import { App } from '../../src/views/App.js';
import { start, enter, navigate, leave, user } from '../../src/store.js';
import { setLanguage } from '../../src/i18n/index.js';
import en from '../../src/i18n/en.js';
import { mount, waitFor, byTestId, allByTestId, type, click, check } from './helpers.js';

const base = { level: 'A2', myRole: 'me', aiRole: 'ai', goal: '', formality: '', presetId: '', title: '' };

describe('account export and import', () => {
  let view;
  afterEach(() => {
    view?.unmount();
    leave();
  });

  async function exportAsMina(fake) {
    fake.state.session = fake.state.users.get('mina').user;
    await fake.app.CreateRoom({ ...base, language: 'ko', situation: 'Ordering coffee', title: 'Coffee' });
    view = mount(App);
    await enter(fake.state.session);
    navigate({ name: 'account' });
    const root = view.container;
    await type(await waitFor(() => byTestId(root, 'export-passphrase')), 'river stone lantern');
    await type(byTestId(root, 'export-confirm'), 'river stone lantern');
    await click(byTestId(root, 'export-submit'));
    return root;
  }

  it('exports with a passphrase typed twice and says where it saved', async () => {
    setLanguage('en');
    const fake = installFakeBackend(window);
    const root = await exportAsMina(fake);
    const done = await waitFor(() => byTestId(root, 'export-done'));
    expect(done.textContent).toContain('parley-mina.parley');
    expect(fake.state.files).toHaveLength(1);
    expect(fake.state.files[0].includeKey).toBe(false);
  });

  it('refuses two different passphrases before asking Go', async () => {
    setLanguage('en');
    const fake = installFakeBackend(window);
    fake.state.session = fake.state.users.get('mina').user;
    view = mount(App);
    await enter(fake.state.session);
    navigate({ name: 'account' });
    const root = view.container;
    await type(await waitFor(() => byTestId(root, 'export-passphrase')), 'river stone lantern');
    await type(byTestId(root, 'export-confirm'), 'river stone lantern!');
    await click(byTestId(root, 'export-submit'));
    const err = await waitFor(() => byTestId(root, 'error-confirmPassphrase'));
    expect(err.textContent).toBe(en['err.ui.passphrases_differ']);
    expect(fake.state.files).toHaveLength(0);
  });

  it('makes a new account from an export on the log-in screen and shows its rooms', async () => {
    setLanguage('en');
    const fake = installFakeBackend(window);
    await exportAsMina(fake);
    await waitFor(() => fake.state.files.length === 1);
    view.unmount();
    // Another computer: nobody logged in, no rooms.
    fake.state.session = null;
    fake.state.rooms = [];
    leave();
    user.value = undefined;
    view = mount(App);
    await start();
    const root = view.container;
    await click(await waitFor(() => byTestId(root, 'goto-import')));
    await type(await waitFor(() => byTestId(root, 'import-new-username')), 'mina2');
    await type(byTestId(root, 'import-new-password'), 'a good long password');
    await type(byTestId(root, 'import-new-confirm'), 'a good long password');
    await type(byTestId(root, 'import-new-passphrase'), 'wrong passphrase');
    await click(byTestId(root, 'import-new-submit'));
    const err = await waitFor(() => byTestId(root, 'error-passphrase'));
    expect(err.textContent).toBe(en['err.transfer.bad_passphrase']);
    expect(fake.state.users.has('mina2')).toBe(false);

    await type(byTestId(root, 'import-new-passphrase'), 'river stone lantern');
    await click(byTestId(root, 'import-new-submit'));
    await waitFor(() => byTestId(root, 'import-report'));
    await click(byTestId(root, 'import-new-continue'));
    await check(await waitFor(() => byTestId(root, 'recovery-saved')));
    await click(byTestId(root, 'recovery-continue'));
    await waitFor(() => allByTestId(root, 'room-title').length === 1);
    expect(byTestId(root, 'room-title').textContent).toBe('Coffee');
  });

  it('merges an export into this account and names what it kept', async () => {
    setLanguage('en');
    const fake = installFakeBackend(window);
    const root = await exportAsMina(fake);
    await waitFor(() => byTestId(root, 'export-done'));
    fake.state.rooms[0].title = 'Renamed here';
    await type(byTestId(root, 'import-passphrase'), 'river stone lantern');
    await click(byTestId(root, 'import-submit'));
    const conflicts = await waitFor(() => byTestId(root, 'import-conflicts'));
    expect(conflicts.textContent).toContain('1 room(s)');
    expect(fake.state.rooms[0].title).toBe('Renamed here');
  });
});
