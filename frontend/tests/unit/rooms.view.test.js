import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { App } from '../../src/views/App.js';
import { enter, navigate, leave, rooms, filterRooms, sidebarOpen, refreshRooms } from '../../src/store.js';
import { closeRoom } from '../../src/chat/room.js';
import { setLanguage } from '../../src/i18n/index.js';
import en from '../../src/i18n/en.js';
import { mount, waitFor, byTestId, allByTestId, type, click, check, key, settle, asMina, focusWhenShown } from './helpers.js';

const base = { level: 'A2', myRole: 'me', aiRole: 'ai', goal: '', formality: '', presetId: '', title: '' };

describe('room list and editor', () => {
  let fake;
  let view;
  beforeEach(async () => {
    setLanguage('en');
    fake = asMina();
    view = mount(App);
  });
  afterEach(() => {
    view.unmount();
    closeRoom();
    leave();
  });

  async function seed() {
    const a = await fake.app.CreateRoom({ ...base, language: 'ko', situation: 'Ordering coffee', title: 'Coffee' });
    const b = await fake.app.CreateRoom({ ...base, language: 'ja', situation: 'Hotel check-in', title: 'Hotel' });
    fake.state.rooms.find((r) => r.id === a.id).lastActivityAt = '2026-01-01T00:00:00Z';
    fake.state.rooms.find((r) => r.id === b.id).lastActivityAt = '2026-02-01T00:00:00Z';
    await enter(fake.state.session);
    return { a, b };
  }

  it('lists rooms by latest activity with a language badge, and filters by text and language', async () => {
    await seed();
    const root = view.container;
    await waitFor(() => allByTestId(root, 'room-item').length === 2);
    expect(allByTestId(root, 'room-title').map((e) => e.textContent)).toEqual(['Hotel', 'Coffee']);
    await type(byTestId(root, 'room-search'), 'coff');
    await waitFor(() => allByTestId(root, 'room-item').length === 1);
    await type(byTestId(root, 'room-search'), '');
    const filter = byTestId(root, 'room-filter');
    filter.value = 'ja';
    filter.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => allByTestId(root, 'room-title').map((e) => e.textContent).join() === 'Hotel');
  });

  it('focuses the room search on Ctrl+K', async () => {
    await seed();
    const root = view.container;
    await waitFor(() => byTestId(root, 'room-search'));
    key(document.body, { key: 'k', ctrlKey: true });
    expect(document.activeElement).toBe(byTestId(root, 'room-search'));
  });

  it('moves selected rooms to the trash and brings them back with Undo', async () => {
    const { a } = await seed();
    const root = view.container;
    await waitFor(() => allByTestId(root, 'room-item').length === 2);
    await click(byTestId(root, 'select-rooms'));
    const item = root.querySelector(`[data-room-id="${a.id}"]`);
    await check(item.querySelector('[data-testid=room-select]'));
    await click(byTestId(root, 'delete-selected'));
    const toastEl = await waitFor(() => byTestId(document.body, 'undo-toast'));
    expect(toastEl.textContent).toContain('Moved 1 room to the trash');
    expect(allByTestId(root, 'room-item')).toHaveLength(1);
    expect(fake.state.trash.map((r) => r.id)).toEqual([a.id]);
    await click(byTestId(document.body, 'undo-button'));
    await waitFor(() => allByTestId(root, 'room-item').length === 2);
    expect(fake.calls.find(([m]) => m === 'RestoreRooms')[1]).toEqual([[a.id]]);
  });

  it('creates a room from a preset in the practice language and opens it', async () => {
    await seed();
    fake.state.settings.hasKey = true;
    const root = view.container;
    await click(await waitFor(() => byTestId(root, 'new-room')));
    const cards = await waitFor(() => (allByTestId(root, 'preset-card').length ? allByTestId(root, 'preset-card') : null));
    expect(cards[0].textContent).toContain('Ordering at a café');
    // Presets read in both languages: the UI's, and the practice language's under it.
    expect(byTestId(cards[0], 'preset-practice-title').textContent).toBe('카페에서 주문하기');
    expect(byTestId(cards[0], 'preset-practice-title').lang).toBe('ko');
    await click(cards[0]);
    await waitFor(() => byTestId(root, 'room-situation').value !== '');
    // The default practice language for an English UI is Korean, so the preset text is Korean.
    expect(byTestId(root, 'room-situation').value).toBe('붐비는 카페에서 음료를 주문합니다.');
    await click(byTestId(root, 'room-save'));
    await waitFor(() => byTestId(root, 'chat-view'));
    expect(byTestId(root, 'room-heading').textContent).toBe('카페에서 주문하기');
  });

  it('marks the field Go rejected, inline', async () => {
    await seed();
    const root = view.container;
    navigate({ name: 'new' });
    await waitFor(() => byTestId(root, 'room-save'));
    await click(byTestId(root, 'room-save'));
    const err = await waitFor(() => byTestId(root, 'error-situation'));
    expect(err.textContent).toBe(en['err.input.required']);
    expect(byTestId(root, 'room-situation').getAttribute('aria-invalid')).toBe('true');
    // Go returns the first bad field; ValidateRoom fills in the others so all show at once.
    await waitFor(() => byTestId(root, 'error-myRole') && byTestId(root, 'error-aiRole'));
    expect(byTestId(root, 'room-error')).toBeNull();
    await waitFor(() => document.activeElement === byTestId(root, 'room-situation'), { message: 'focus on the first bad field' });
  });

  it('restores and purges rooms from the trash', async () => {
    const { a } = await seed();
    await fake.app.DeleteRooms([a.id]);
    const root = view.container;
    navigate({ name: 'trash' });
    await waitFor(() => allByTestId(root, 'trash-item').length === 1);
    await click(byTestId(root, 'trash-empty-button'));
    await click(byTestId(root, 'trash-empty-confirm'));
    await waitFor(() => byTestId(root, 'trash-empty'));
    expect(fake.state.trash).toEqual([]);
  });

  it('in the narrow-window drawer, the first Esc clears the search and only the next one closes the drawer', async () => {
    await seed();
    const root = view.container;
    await waitFor(() => allByTestId(root, 'room-item').length === 2);
    // The drawer takes the keyboard in the update that opens it (seen the moment its scrim is in
    // the page), not after a paint, when the learner may already be in a room's menu.
    const opened = focusWhenShown(root, '.scrim');
    sidebarOpen.value = true;
    expect(await opened).toBe(byTestId(root, 'new-room'));
    const search = byTestId(root, 'room-search');
    search.focus();
    await type(search, 'hotel');
    await waitFor(() => allByTestId(root, 'room-item').length === 1);

    const first = key(search, { key: 'Escape' });
    await settle();
    expect(first.defaultPrevented).toBe(true); // taken by the search, so it cannot also stop a reply
    expect(search.value).toBe('');
    expect(allByTestId(root, 'room-item')).toHaveLength(2);
    expect(sidebarOpen.value).toBe(true);
    expect(document.activeElement).toBe(search);

    key(search, { key: 'Escape' });
    await settle();
    expect(sidebarOpen.value).toBe(false);
    await waitFor(() => document.activeElement === byTestId(root, 'sidebar-toggle'), { message: 'focus back on the toggle' });
    expect(byTestId(root, 'sidebar-toggle').closest('[inert]')).toBeNull();
  });

  it('filters summaries without the DOM, keeping their order', () => {
    const list = [
      { id: '2', title: '새 방', language: 'ko', lastActivityAt: '2026-03-01T00:00:00Z', preview: '안녕' },
      { id: '1', title: 'Old', language: 'en', lastActivityAt: '2026-01-01T00:00:00Z' },
      { id: '3', title: 'Older', language: 'ko', lastActivityAt: '2025-01-01T00:00:00Z', preview: '안녕히' },
    ];
    expect(filterRooms(list, '안녕', '').map((r) => r.id)).toEqual(['2', '3']);
    expect(filterRooms(list, '', 'en').map((r) => r.id)).toEqual(['1']);
    expect(rooms.value).toEqual([]);
  });

  it('keeps the order Go sent the rooms in, and moves a room with new activity to the top as Go will', async () => {
    const { a, b } = await seed();
    const c = await fake.app.CreateRoom({ ...base, language: 'en', situation: 'Airport', title: 'Airport' });
    // Go decides the order; here it disagrees with the times the list shows, and JS must not re-sort.
    fake.app.ListRooms = async () => [b, c, a].map((r) => ({ ...fake.state.rooms.find((x) => x.id === r.id), preview: '', previewRole: '', messageCount: 0, streaming: false }));
    fake.state.rooms.find((r) => r.id === c.id).lastActivityAt = '2020-01-01T00:00:00Z';
    await refreshRooms();
    const root = view.container;
    const titles = () => allByTestId(root, 'room-title').map((e) => e.textContent);
    await waitFor(() => titles().join() === 'Hotel,Airport,Coffee', { message: "Go's order" });

    // A reply finishing in Coffee moves it to the top at once, before any reload.
    const { listen, unlisten } = await import('../../src/chat/live.js');
    unlisten();
    listen();
    fake.app.ListRooms = () => new Promise(() => {});
    fake.emit('chat:done', { roomId: a.id, reply: { id: 9, role: 'assistant', text: 'Done!', status: 'done', createdAt: new Date().toISOString() } });
    await waitFor(() => titles().join() === 'Coffee,Hotel,Airport', { message: 'Coffee on top' });
    unlisten();

    // Editing is no activity: the room keeps its place. A new room goes on top.
    const { upsertRoom } = await import('../../src/store.js');
    upsertRoom({ ...rooms.value[2], title: 'Airport 2' });
    upsertRoom({ ...c, id: 'new', title: 'New' });
    await waitFor(() => titles().join() === 'New,Coffee,Hotel,Airport 2', { message: 'edit in place, new on top' });
  });
});

describe('streaming marker', () => {
  it('trusts the latest live event over a room summary fetched mid-reply, and a newer summary over both', async () => {
    const { setStreaming, isStreaming, asking, fromAnswer, forgetStreaming } = await import('../../src/streaming.js');
    forgetStreaming();
    const midReply = asking(); // a room list asked for while the reply streams…
    fromAnswer(asking(), [['r1', 0]]);
    expect(isStreaming('r1')).toBe(true);
    setStreaming('r1', null); // …then the reply's done event…
    fromAnswer(midReply, [['r1', 0]]); // …then that list's stale answer
    expect(isStreaming('r1')).toBe(false);
    setStreaming('r1', 7);
    fromAnswer(midReply, [['r1', null]]);
    expect(isStreaming('r1')).toBe(true);
    expect(isStreaming('r2')).toBe(false);
    // A list asked for after the last event is the newest news.
    fromAnswer(asking(), [['r1', null], ['r2', 0]]);
    expect(isStreaming('r1')).toBe(false);
    expect(isStreaming('r2')).toBe(true);
    forgetStreaming();
  });

  it('shows the marker from Go\'s room list and keeps the flag in one place, not on the rooms', async () => {
    setLanguage('en');
    const fake = asMina();
    const view = mount(App);
    const a = await fake.app.CreateRoom({ ...base, language: 'ko', situation: 'Coffee' });
    fake.state.streams.set(a.id, 0); // Go says a reply streams there
    await enter(fake.state.session);
    const root = view.container;
    await waitFor(() => byTestId(root, 'room-streaming'), { message: 'marker from ListRooms' });
    expect(rooms.value[0]).not.toHaveProperty('streaming');
    view.unmount();
    leave();
  });
});

describe('damaged rooms', () => {
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

  it('says how many rooms are damaged instead of silently listing fewer', async () => {
    await fake.app.CreateRoom({ ...base, language: 'ko', situation: 'Ordering coffee', title: 'Coffee' });
    fake.state.damage = { rooms: 2, conversations: 0 };
    await enter(fake.state.session);
    const root = view.container;
    await waitFor(() => byTestId(root, 'damage-notice'));
    expect(byTestId(root, 'damage-notice').textContent).toContain(en['damage.rooms.other'].replace('{n}', '2'));
  });

  it('warns when today’s backup was skipped for lack of space', async () => {
    fake.state.damage = { rooms: 0, conversations: 0, backupSkipped: 'low_space' };
    await enter(fake.state.session);
    const root = view.container;
    const note = await waitFor(() => byTestId(root, 'backup-skipped'));
    expect(note.textContent).toBe(en['damage.backup.lowSpace']);
  });

  it('says the account’s own part of the file is damaged rather than show an empty account', async () => {
    fake.state.damage = { rooms: 0, conversations: 0, accountData: true };
    await enter(fake.state.session);
    const note = await waitFor(() => byTestId(view.container, 'account-data-damaged'));
    expect(note.textContent).toBe(en['damage.accountData']);
  });

  it('shows no notice when nothing is damaged', async () => {
    await fake.app.CreateRoom({ ...base, language: 'ko', situation: 'Ordering coffee', title: 'Coffee' });
    await enter(fake.state.session);
    const root = view.container;
    await waitFor(() => allByTestId(root, 'room-item').length === 1);
    await settle();
    expect(byTestId(root, 'damage-notice')).toBeNull();
  });
});
