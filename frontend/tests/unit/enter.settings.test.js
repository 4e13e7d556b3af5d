// After log-in the app shows itself in the learner's own language and theme from its first frame:
// the shell waits for the settings, so nothing reads (or shows) the OS's language meanwhile.
import { describe, it, expect } from 'vitest';
import { enter, user } from '../../src/store.js';
import { waitFor, byTestId, settle } from './helpers.js';
import { appPerTest } from './shell.js';

describe('entering the app', () => {
  const app = appPerTest();

  it('shows the shell only with the learner\u2019s settings applied', async () => {
    const getSettings = app.fake.app.GetSettings;
    let release;
    app.fake.app.GetSettings = () => new Promise((r) => { release = async () => r({ ...(await getSettings()), uiLanguage: 'ja' }); });
    const entering = enter(app.fake.state.session);
    await waitFor(() => release, { message: 'the settings asked for' });
    await settle();
    expect(byTestId(app.view.container, 'sidebar')).toBeNull();
    expect(user.value).toBeFalsy();

    await release();
    await entering;
    const sidebar = await waitFor(() => byTestId(app.view.container, 'sidebar'), { message: 'the shell' });
    expect(document.documentElement.lang).toBe('ja');
    expect(sidebar).not.toBeNull();
  });
});
