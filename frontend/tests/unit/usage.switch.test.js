// A room's usage, then another room's from the room list's menu: the second room's panel never
// shows the first room's figures under the second room's name while its own are loading.
import { describe, it, expect } from 'vitest';
import { navigate } from '../../src/store.js';
import { waitFor, byTestId, settle } from './helpers.js';
import { appPerTest, enterWithTwoRooms } from './shell.js';

const line = (promptTokens) => ({ requests: 1, promptTokens, completionTokens: 10, estimatedCostUsd: 0, costKnown: false });

describe('the usage panel, moving from one room to another', () => {
  const app = appPerTest();

  it('shows the second room\u2019s figures only once they have loaded', async () => {
    const { a, b } = await enterWithTwoRooms(app.fake);
    let release;
    app.fake.app.RoomUsage = (id) => (id === a.id ? Promise.resolve(line(1111)) : new Promise((r) => { release = () => r(line(2222)); }));
    const root = app.view.container;
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
