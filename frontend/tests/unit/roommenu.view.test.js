import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { App } from '../../src/views/App.js';
import { enter, leave, route, sidebarOpen } from '../../src/store.js';
import { closeRoom } from '../../src/chat/room.js';
import { setLanguage } from '../../src/i18n/index.js';
import en from '../../src/i18n/en.js';
import { sortRooms } from '../../src/pins.js';
import { againTitle } from '../../src/views/RoomMenu.js';
import { mount, waitFor, byTestId, allByTestId, type, click, key, asMina } from './helpers.js';

const base = { level: 'A2', myRole: 'me', aiRole: 'ai', goal: '', formality: '', presetId: '' };

describe('a room\'s menu', () => {
  let fake;
  let view;
  let root;
  let rooms;
  const titles = () => allByTestId(root, 'room-title').map((e) => e.textContent);
  const item = (id) => root.querySelector(`[data-testid=room-item][data-room-id="${id}"]`);
  const openMenu = async (id) => {
    await click(item(id).querySelector('[data-testid=room-menu-button]'));
    return waitFor(() => byTestId(item(id), 'room-menu'));
  };
  beforeEach(async () => {
    setLanguage('en');
    fake = asMina();
    fake.state.settings.hasKey = true;
    view = mount(App);
    root = view.container;
    const a = await fake.app.CreateRoom({ ...base, language: 'ko', situation: 'Ordering coffee', title: 'Coffee' });
    const b = await fake.app.CreateRoom({ ...base, language: 'ja', situation: 'Hotel check-in', title: 'Hotel' });
    const c = await fake.app.CreateRoom({ ...base, language: 'en', situation: 'At the airport', title: 'Airport' });
    fake.state.rooms.find((r) => r.id === a.id).lastActivityAt = '2026-01-01T00:00:00Z';
    fake.state.rooms.find((r) => r.id === b.id).lastActivityAt = '2026-02-01T00:00:00Z';
    fake.state.rooms.find((r) => r.id === c.id).lastActivityAt = '2026-03-01T00:00:00Z';
    rooms = { a, b, c };
    await enter(fake.state.session);
    await waitFor(() => titles().length === 3);
  });
  afterEach(() => {
    view.unmount();
    closeRoom();
    leave();
  });

  it('renames a room in place: Enter saves, Esc leaves it as it was', async () => {
    await click(byTestId(await openMenu(rooms.a.id), 'room-menu-rename'));
    const input = await waitFor(() => byTestId(root, 'room-rename'));
    await waitFor(() => document.activeElement === input, { message: 'focus in the name field' });
    await type(input, 'Morning coffee');
    key(input, { key: 'Enter' });
    await waitFor(() => titles().includes('Morning coffee'), { message: 'the new title in the list' });
    expect(fake.state.rooms.find((r) => r.id === rooms.a.id)).toMatchObject({ title: 'Morning coffee', situation: 'Ordering coffee' });

    await click(byTestId(await openMenu(rooms.b.id), 'room-menu-rename'));
    const again = await waitFor(() => byTestId(root, 'room-rename'));
    await type(again, 'Nope');
    key(again, { key: 'Escape' });
    await waitFor(() => !byTestId(root, 'room-rename'));
    expect(fake.state.rooms.find((r) => r.id === rooms.b.id).title).toBe('Hotel');
  });

  it('practises a scene again in a fresh room with the same scene', async () => {
    await click(byTestId(await openMenu(rooms.b.id), 'room-menu-again'));
    await waitFor(() => route.value.name === 'chat' && route.value.roomId !== rooms.b.id, { message: 'the copy opens' });
    const copy = fake.state.rooms.find((r) => r.id === route.value.roomId);
    expect(copy).toMatchObject({ title: 'Hotel (again)', language: 'ja', situation: 'Hotel check-in', myRole: 'me', aiRole: 'ai' });
    expect(fake.state.rooms).toHaveLength(4);
  });

  it('pins a room above the others, in every order', async () => {
    expect(titles()).toEqual(['Airport', 'Hotel', 'Coffee']);
    await click(byTestId(await openMenu(rooms.a.id), 'room-menu-pin'));
    await waitFor(() => titles()[0] === 'Coffee', { message: 'the pinned room on top' });
    expect(fake.state.pinned).toEqual([rooms.a.id]);
    expect(item(rooms.a.id).dataset.pinned).toBe('true');
    const sort = byTestId(root, 'room-sort');
    sort.value = 'name';
    sort.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => titles().join() === 'Coffee,Airport,Hotel', { message: 'pinned first, then by name' });
    await waitFor(() => fake.state.settings.roomSort === 'name');
    await click(byTestId(await openMenu(rooms.a.id), 'room-menu-pin'));
    expect(byTestId(item(rooms.a.id), 'room-menu') ?? null).toBeNull();
    await waitFor(() => titles().join() === 'Airport,Coffee,Hotel', { message: 'unpinned, by name' });
  });

  it('opens by right-click, and the Delete key deletes with Undo', async () => {
    item(rooms.c.id).dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true }));
    const menu = await waitFor(() => byTestId(item(rooms.c.id), 'room-menu'));
    await waitFor(() => menu.contains(document.activeElement), { message: 'focus in the menu' });
    key(document.activeElement, { key: 'Escape' });
    await waitFor(() => !byTestId(root, 'room-menu'));

    key(item(rooms.b.id).querySelector('.room-link'), { key: 'Delete' });
    await waitFor(() => titles().length === 2, { message: 'the room leaves the list' });
    expect(fake.state.trash.map((r) => r.id)).toEqual([rooms.b.id]);
    const undo = await waitFor(() => byTestId(document.body, 'undo-button'));
    expect(byTestId(document.body, 'undo-toast').textContent).toContain(en['rooms.deletedOne'].replace('{title}', 'Hotel'));
    await click(undo);
    await waitFor(() => titles().length === 3, { message: 'Undo brings it back' });
  });

  it('in the narrow-window drawer, Esc closes the menu and leaves the drawer open', async () => {
    sidebarOpen.value = true;
    const menu = await openMenu(rooms.a.id);
    await waitFor(() => menu.contains(document.activeElement), { message: 'focus in the menu' });
    key(document.activeElement, { key: 'Escape' });
    await waitFor(() => !byTestId(root, 'room-menu'));
    expect(sidebarOpen.value).toBe(true);
    await waitFor(() => document.activeElement === item(rooms.a.id).querySelector('.room-link'), { message: 'focus back on the room' });
  });

  it('moves through its items with the arrow keys', async () => {
    const menu = await openMenu(rooms.a.id);
    await waitFor(() => document.activeElement === byTestId(menu, 'room-menu-rename'));
    key(document.activeElement, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(byTestId(menu, 'room-menu-edit'));
    key(document.activeElement, { key: 'End' });
    expect(document.activeElement).toBe(byTestId(menu, 'room-menu-delete'));
  });
});

describe('room order', () => {
  const list = [
    { id: '1', title: 'b', language: 'ja' }, { id: '2', title: 'A', language: 'en' }, { id: '3', title: 'c', language: 'en' },
  ];
  it('keeps Go\'s order by default, sorts by name or language on request, pinned first', () => {
    expect(sortRooms(list, [], '').map((r) => r.id)).toEqual(['1', '2', '3']);
    expect(sortRooms(list, [], 'name').map((r) => r.id)).toEqual(['2', '1', '3']);
    expect(sortRooms(list, [], 'language').map((r) => r.id)).toEqual(['2', '3', '1']);
    expect(sortRooms(list, ['3', '1'], 'name').map((r) => r.id)).toEqual(['3', '1', '2']);
  });
  it('names a copy so it fits the longest title', () => {
    setLanguage('en');
    expect(againTitle('Café', 80)).toBe('Café (again)');
    const long = againTitle('x'.repeat(80), 80);
    expect([...long]).toHaveLength(80);
    expect(long.endsWith('… (again)')).toBe(true);
  });
});
