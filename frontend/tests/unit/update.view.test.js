import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { App } from '../../src/views/App.js';
import { enter, navigate, leave, settings } from '../../src/store.js';
import { updateCheck } from '../../src/update.js';
import { setLanguage } from '../../src/i18n/index.js';
import en from '../../src/i18n/en.js';
import ko from '../../src/i18n/ko.js';
import ja from '../../src/i18n/ja.js';
import { mount, waitFor, byTestId, click, check, settle, asMina } from './helpers.js';

const checks = (fake) => fake.calls.filter(([m]) => m === 'CheckForUpdates' || m === 'CheckForUpdatesAtStart');

describe('checking for updates', () => {
  let fake;
  let view;
  beforeEach(() => {
    setLanguage('en');
    updateCheck.value = { state: 'idle' };
    fake = asMina();
  });
  afterEach(() => {
    view?.unmount();
    view = null;
    leave();
  });

  async function openAbout() {
    view = mount(App);
    await enter(fake.state.session);
    navigate({ name: 'account' });
    return waitFor(() => byTestId(view.container, 'updates'));
  }

  it('is off by default, and then log-in makes no request', async () => {
    const box = await openAbout();
    await settle();
    expect(byTestId(box, 'update-auto').checked).toBe(false);
    expect(fake.state.releaseRequests).toBe(0);
    expect(byTestId(box, 'update-result')).toBeNull();
    expect(byTestId(document.body, 'update-toast')).toBeNull();
  });

  it('says a newer version is out when the learner clicks Check now, and opens its page through OpenExternal', async () => {
    const open = vi.spyOn(fake.app, 'OpenExternal');
    const box = await openAbout();
    await click(byTestId(box, 'update-check-now'));
    const result = await waitFor(() => byTestId(box, 'update-result'));
    expect(result.dataset.newer).toBe('true');
    expect(result.textContent).toContain(en['update.newer'].replace('{latest}', 'v1.3.0').replace('{current}', 'v1.2.0'));
    await click(byTestId(box, 'update-open'));
    expect(open).toHaveBeenCalledWith('https://example.org/releases/v1.3.0');
    expect(fake.state.releaseRequests).toBe(1);
  });

  it('says when the learner has the newest version, and names a development build as such', async () => {
    fake.state.release = { ...fake.state.release, current: 'v1.3.0' };
    const box = await openAbout();
    await click(byTestId(box, 'update-check-now'));
    let result = await waitFor(() => byTestId(box, 'update-result'));
    expect(result.dataset.newer).toBe('false');
    expect(result.textContent.trim()).toBe(en['update.newest'].replace('{current}', 'v1.3.0'));
    expect(byTestId(box, 'update-open')).toBeNull();

    fake.state.release = { ...fake.state.release, current: 'dev' };
    await click(byTestId(box, 'update-check-now'));
    result = await waitFor(() => byTestId(box, 'update-result')?.dataset.dev === 'true' && byTestId(box, 'update-result'));
    expect(result.textContent).toContain('development build');
    expect(result.dataset.newer).toBeUndefined();
  });

  it('shows a coded failure as a localised sentence', async () => {
    fake.state.release = { ...fake.state.release, code: 'update.unreachable' };
    const box = await openAbout();
    await click(byTestId(box, 'update-check-now'));
    const result = await waitFor(() => byTestId(box, 'update-result'));
    expect(result.dataset.code).toBe('update.unreachable');
    expect(result.textContent).toBe(en['err.update.unreachable']);
  });

  it('saves the setting, and the next log-in checks once and announces the newer version', async () => {
    const box = await openAbout();
    await check(byTestId(box, 'update-auto'));
    await waitFor(() => settings.value?.checkUpdates === true);
    expect(fake.calls.find(([m]) => m === 'SaveSettings')[1][0].checkUpdates).toBe(true);
    expect(fake.state.releaseRequests).toBe(0); // turning it on is not a check

    await enter(fake.state.session);
    const toast = await waitFor(() => byTestId(document.body, 'update-toast'));
    expect(toast.textContent).toContain('v1.3.0');
    expect(fake.state.releaseRequests).toBe(1);
    await enter(fake.state.session);
    await settle();
    expect(fake.state.releaseRequests).toBe(1); // once per start
    expect(checks(fake).every(([m]) => m === 'CheckForUpdatesAtStart')).toBe(true);
  });

  it('says when this build cannot check, and offers no button', async () => {
    fake.state.canCheckUpdates = false;
    view = mount(App);
    await enter(fake.state.session);
    navigate({ name: 'account' });
    const note = await waitFor(() => byTestId(view.container, 'update-unavailable'));
    expect(note.textContent).toBe(en['update.unavailable']);
    expect(byTestId(view.container, 'update-check-now')).toBeNull();
  });

  it('has every sentence in Korean and Japanese too', () => {
    for (const k of Object.keys(en).filter((k) => k.startsWith('update.') || k.startsWith('err.update.'))) {
      expect(ko[k], k).toBeTruthy();
      expect(ja[k], k).toBeTruthy();
    }
  });
});
