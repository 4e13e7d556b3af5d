// Editing one room, then another from the room list's menu: the second room's editor never shows
// (nor saves into that room) the first room's scenario while its own is still loading.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { App } from '../../src/views/App.js';
import { enter, navigate, leave } from '../../src/store.js';
import { closeRoom } from '../../src/chat/room.js';
import { setLanguage } from '../../src/i18n/index.js';
import { mount, waitFor, byTestId, settle, asMina } from './helpers.js';

const base = { level: 'A2', myRole: 'me', aiRole: 'ai', goal: '', formality: '', presetId: '' };

describe('the room editor, moving from one room to another', () => {
  let fake;
  let view;
  beforeEach(() => {
    setLanguage('en');
    fake = asMina();
    view = mount(App);
  });
  afterEach(() => {
    view.unmount();
    closeRoom();
    leave();
  });

  it('shows the second room\u2019s scenario only once it has loaded', async () => {
    const a = await fake.app.CreateRoom({ ...base, language: 'ko', situation: 'Ordering coffee', title: 'Coffee' });
    const b = await fake.app.CreateRoom({ ...base, language: 'ja', situation: 'Hotel check-in', title: 'Hotel' });
    await enter(fake.state.session);
    const root = view.container;
    navigate({ name: 'edit', roomId: a.id });
    await waitFor(() => byTestId(root, 'room-title-input')?.value === 'Coffee', { message: 'the first room\u2019s editor' });

    // The second room's scenario is answered only when the test says so.
    const getRoom = fake.app.GetRoom;
    let release;
    fake.app.GetRoom = (id) => (id === b.id ? new Promise((r) => { release = () => r(getRoom(id)); }) : getRoom(id));
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
