// After log-in the app shows itself in the learner's own language and theme from its first frame:
// the shell waits for the settings, so nothing reads (or shows) the OS's language meanwhile.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { App } from '../../src/views/App.js';
import { enter, leave, user } from '../../src/store.js';
import { setLanguage } from '../../src/i18n/index.js';
import { mount, waitFor, byTestId, settle, asMina } from './helpers.js';

describe('entering the app', () => {
  let fake;
  let view;
  beforeEach(() => {
    setLanguage('en');
    fake = asMina();
    view = mount(App);
  });
  afterEach(() => {
    view.unmount();
    leave();
    setLanguage('en');
  });

  it('shows the shell only with the learner\u2019s settings applied', async () => {
    const getSettings = fake.app.GetSettings;
    let release;
    fake.app.GetSettings = () => new Promise((r) => { release = async () => r({ ...(await getSettings()), uiLanguage: 'ja' }); });
    const entering = enter(fake.state.session);
    await waitFor(() => release, { message: 'the settings asked for' });
    await settle();
    expect(byTestId(view.container, 'sidebar')).toBeNull();
    expect(user.value).toBeFalsy();

    await release();
    await entering;
    const sidebar = await waitFor(() => byTestId(view.container, 'sidebar'), { message: 'the shell' });
    expect(document.documentElement.lang).toBe('ja');
    expect(sidebar).not.toBeNull();
  });
});
