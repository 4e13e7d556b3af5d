// A room's usage, then another room's from the room list's menu: the second room's panel never
// shows the first room's figures under the second room's name while its own are loading.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { App } from '../../src/views/App.js';
import { enter, navigate, leave } from '../../src/store.js';
import { setLanguage } from '../../src/i18n/index.js';
import { mount, waitFor, byTestId, settle, asMina } from './helpers.js';

const base = { level: 'A2', myRole: 'me', aiRole: 'ai', goal: '', formality: '', presetId: '' };
const line = (promptTokens) => ({ requests: 1, promptTokens, completionTokens: 10, estimatedCostUsd: 0, costKnown: false });

describe('the usage panel, moving from one room to another', () => {
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
  });

  it('shows the second room\u2019s figures only once they have loaded', async () => {
    const a = await fake.app.CreateRoom({ ...base, language: 'ko', situation: 'Ordering coffee', title: 'Coffee' });
    const b = await fake.app.CreateRoom({ ...base, language: 'ja', situation: 'Hotel check-in', title: 'Hotel' });
    await enter(fake.state.session);
    let release;
    fake.app.RoomUsage = (id) => (id === a.id ? Promise.resolve(line(1111)) : new Promise((r) => { release = () => r(line(2222)); }));
    const root = view.container;
    navigate({ name: 'usage', roomId: a.id });
    await waitFor(() => byTestId(root, 'usage-room')?.textContent.includes('1,111'), { message: 'the first room\u2019s figures' });

    navigate({ name: 'usage', roomId: b.id });
    await waitFor(() => release, { message: 'the second room asked for' });
    await settle();
    expect(byTestId(root, 'usage-room')?.textContent ?? '').not.toContain('1,111');

    release();
    await waitFor(() => byTestId(root, 'usage-room')?.textContent.includes('2,222'), { message: 'the second room\u2019s figures' });
    expect(byTestId(root, 'usage-room').textContent).toContain('Hotel');
  });
});
