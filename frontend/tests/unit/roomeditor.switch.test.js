// Editing one room, then another from the room list's menu: the second room's editor never shows
// (nor saves into that room) the first room's scenario while its own is still loading.
import { describe, it, expect } from 'vitest';
import { navigate } from '../../src/store.js';
import { waitFor, byTestId, settle } from './helpers.js';
import { appPerTest, enterWithTwoRooms } from './shell.js';


describe('the room editor, moving from one room to another', () => {
  const app = appPerTest();

  it('shows the second room\u2019s scenario only once it has loaded', async () => {
    const { a, b } = await enterWithTwoRooms(app.fake);
    const root = app.view.container;
    navigate({ name: 'edit', roomId: a.id });
    await waitFor(() => byTestId(root, 'room-title-input')?.value === 'Coffee', { message: 'the first room\u2019s editor' });

    // The second room's scenario is answered only when the test says so.
    const getRoom = app.fake.app.GetRoom;
    let release;
    app.fake.app.GetRoom = (id) => (id === b.id ? new Promise((r) => { release = () => r(getRoom(id)); }) : getRoom(id));
    navigate({ name: 'edit', roomId: b.id });
    await waitFor(() => release, { message: 'the second room asked for' });
    await settle();
    expect(byTestId(root, 'room-title-input')?.value).not.toBe('Coffee');
    expect(byTestId(root, 'room-situation')?.value).not.toBe('Ordering coffee');

    release();
    await waitFor(() => byTestId(root, 'room-title-input')?.value === 'Hotel', { message: 'the second room\u2019s editor' });
    expect(byTestId(root, 'room-situation').value).toBe('Hotel check-in');
  });
});
