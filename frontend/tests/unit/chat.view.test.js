import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { installFakeBackend } from '../fake/bridge.js';
import { App } from '../../src/views/App.js';
import { enter, navigate, leave, logOut, toastError, settings } from '../../src/store.js';
import * as live from '../../src/chat/live.js';
import { openRoom, closeRoom } from '../../src/chat/room.js';
import { setLanguage } from '../../src/i18n/index.js';
import en from '../../src/i18n/en.js';
import { mount, waitFor, byTestId, allByTestId, type, click, key, manualFrames, settle } from './helpers.js';

const ROOM = { language: 'en', level: 'A2', situation: 'A café', myRole: 'Customer', aiRole: 'Barista', goal: '', formality: '', presetId: '', title: 'Café' };

async function openChat(fake, { messages = [], showTokens = false } = {}) {
  fake.state.settings.hasKey = true;
  fake.state.settings.showTokens = showTokens;
  fake.state.session = fake.state.users.get('mina').user;
  const room = await fake.app.CreateRoom(ROOM);
  fake.state.messages.set(room.id, messages);
  await enter(fake.state.session);
  navigate({ name: 'chat', roomId: room.id });
  return room;
}

describe('chat view', () => {
  let fake;
  let view;
  let frames;
  beforeEach(() => {
    setLanguage('en');
    fake = installFakeBackend(window);
    live.unlisten();
    live.listen();
    frames = manualFrames(live.setFrameScheduler);
    view = mount(App);
  });
  afterEach(() => {
    view.unmount();
    frames.restore();
    closeRoom();
    leave();
  });

  it('streams the opening line of an empty room, one DOM update per frame', async () => {
    fake.app.OpenScene = vi.fn(async () => ({ messageId: 0, replyId: 41 }));
    const room = await openChat(fake);
    const root = view.container;
    await waitFor(() => fake.app.OpenScene.mock.calls.length === 1, { message: 'OpenScene' });
    const bubble = await waitFor(() => root.querySelector('[data-testid=message][data-status=streaming]'));
    expect(byTestId(root, 'typing')).not.toBeNull();

    fake.emit('chat:delta', { roomId: room.id, replyId: 41, delta: '**Wel' });
    fake.emit('chat:delta', { roomId: room.id, replyId: 41, delta: 'come**' });
    fake.emit('chat:delta', { roomId: room.id, replyId: 41, delta: ' <img src=x onerror=alert(1)>in!' });
    await settle();
    expect(frames.pending()).toBe(1);
    expect(root.querySelector('[data-id="41"]').textContent).not.toContain('Welcome');

    frames.frame();
    await waitFor(() => root.querySelector('[data-id="41"] strong'));
    const text = root.querySelector('[data-id="41"] .text');
    expect(text.querySelector('strong').textContent).toBe('Welcome');
    expect(text.querySelector('img')).toBeNull();
    expect(byTestId(root, 'stop')).not.toBeNull();
    expect(byTestId(root, 'send')).toBeNull();
    expect(bubble.getAttribute('data-role')).toBe('assistant');

    fake.emit('chat:done', { roomId: room.id, reply: { id: 41, role: 'assistant', text: '**Welcome** in!', status: 'done', createdAt: new Date().toISOString() } });
    await waitFor(() => root.querySelector('[data-id="41"][data-status=done]'));
    expect(byTestId(root, 'live-region').textContent).toContain('**Welcome** in!');
    expect(byTestId(root, 'send')).not.toBeNull();
  });

  it('appends each finished block of a reply once, leaving the blocks before it in place', async () => {
    fake.app.OpenScene = vi.fn(async () => ({ messageId: 0, replyId: 45 }));
    const room = await openChat(fake);
    const root = view.container;
    await waitFor(() => root.querySelector('[data-id="45"][data-status=streaming]'));
    const send = (delta) => {
      fake.emit('chat:delta', { roomId: room.id, replyId: 45, delta });
      frames.frame();
    };
    send('First **one**.\n\nSecond <img src=x onerror=alert(1)> one.\n');
    // The first block is finished once a line after it is: it sits in the kept part now.
    const para = (await waitFor(() => root.querySelector('[data-id="45"] .md-part:first-child p strong'))).closest('p');
    send('\n- a list\n- of two\n\nThird one, still');
    send(' growing\n');
    await waitFor(() => root.querySelector('[data-id="45"] .md-part:first-child ul'));
    const text = root.querySelector('[data-id="45"] .text');
    expect(para.isConnected).toBe(true); // not parsed and laid out again when later blocks ended
    expect([...text.querySelectorAll('p')].map((p) => p.textContent)).toEqual(['First one.', 'Second  one.', 'Third one, still growing']);
    expect(text.querySelector('img')).toBeNull();
    expect(text.querySelectorAll('li')).toHaveLength(2);
  });

  it('ignores a delta that arrives after its reply finished: no streaming marker, same text', async () => {
    fake.app.OpenScene = vi.fn(async () => ({ messageId: 0, replyId: 51 }));
    const room = await openChat(fake);
    const root = view.container;
    await waitFor(() => root.querySelector('[data-id="51"][data-status=streaming]'));
    fake.emit('chat:done', { roomId: room.id, reply: { id: 51, role: 'assistant', text: 'Hello there.', status: 'done', createdAt: new Date().toISOString() } });
    await waitFor(() => root.querySelector('[data-id="51"][data-status=done]'));
    await waitFor(() => byTestId(root, 'room-streaming') === null, { message: 'marker off after done' });

    fake.emit('chat:delta', { roomId: room.id, replyId: 51, delta: ' there.' });
    await settle();
    frames.frame();
    await settle();
    expect(byTestId(root, 'room-streaming')).toBeNull();
    expect(root.querySelector('[data-id="51"] .text').textContent.trim()).toBe('Hello there.');
    expect(byTestId(root, 'send')).not.toBeNull();
  });

  it('shows a finished reply in the room list at once, before the list is reloaded', async () => {
    fake.app.OpenScene = vi.fn(async () => ({ messageId: 0, replyId: 61 }));
    const room = await openChat(fake);
    const root = view.container;
    await waitFor(() => root.querySelector('[data-id="61"][data-status=streaming]'));
    fake.app.ListRooms = vi.fn(() => new Promise(() => {})); // a reload that never comes back
    fake.emit('chat:done', { roomId: room.id, reply: { id: 61, role: 'assistant', text: 'Welcome to the café!', status: 'done', createdAt: new Date().toISOString() } });
    await waitFor(() => root.querySelector(`[data-room-id="${room.id}"] .room-preview`)?.textContent.includes('Welcome to the café!'),
      { message: 'preview of the reply' });
  });

  it('stops a streaming reply with Escape and offers Retry, keeping the partial text', async () => {
    const room = await openChat(fake, { messages: [{ id: 1, role: 'assistant', text: 'Hi!', status: 'done', createdAt: new Date().toISOString() }] });
    fake.app.SendMessage = vi.fn(async () => ({ messageId: 2, replyId: 3 }));
    fake.app.StopReply = vi.fn(async () => {});
    fake.app.RetryReply = vi.fn(async () => ({ messageId: 0, replyId: 3 }));
    const root = view.container;
    const composer = await waitFor(() => byTestId(root, 'composer'));
    await type(composer, 'A latte, please.');
    key(composer, { key: 'Enter' });
    await waitFor(() => fake.app.SendMessage.mock.calls.length === 1);
    expect(fake.app.SendMessage).toHaveBeenCalledWith(room.id, 'A latte, please.');
    await waitFor(() => root.querySelector('[data-id="2"][data-role=user]'));
    expect(composer.value).toBe('');

    fake.emit('chat:delta', { roomId: room.id, replyId: 3, delta: 'Sure, what' });
    frames.frame();
    await waitFor(() => root.querySelector('[data-id="3"]')?.textContent.includes('Sure, what'));

    key(document.body, { key: 'Escape' });
    await waitFor(() => fake.app.StopReply.mock.calls.length === 1);
    expect(fake.app.StopReply).toHaveBeenCalledWith(room.id);
    fake.emit('chat:error', { roomId: room.id, replyId: 3, code: 'llm.canceled', message: '', reply: { id: 3, role: 'assistant', text: 'Sure, what', status: 'stopped', createdAt: new Date().toISOString() } });
    const stopped = await waitFor(() => root.querySelector('[data-id="3"][data-status=stopped]'));
    expect(stopped.textContent).toContain('Sure, what');
    await click(stopped.querySelector('[data-testid=retry]'));
    expect(fake.app.RetryReply).toHaveBeenCalledWith(room.id);
    await waitFor(() => root.querySelector('[data-id="3"][data-status=streaming]'));
  });

  it('shows a failed reply with its localised error and a retry', async () => {
    const room = await openChat(fake, { messages: [{ id: 1, role: 'user', text: 'Hello', status: 'done', createdAt: new Date().toISOString() }, { id: 2, role: 'assistant', text: 'Hel', status: 'streaming', createdAt: new Date().toISOString() }] });
    const root = view.container;
    await waitFor(() => root.querySelector('[data-id="2"]'));
    fake.emit('chat:error', { roomId: room.id, replyId: 2, code: 'llm.rate_limited', message: 'slow down', reply: { id: 2, role: 'assistant', text: 'Hel', status: 'error', createdAt: new Date().toISOString() } });
    const msg = await waitFor(() => root.querySelector('[data-id="2"][data-status=error]'));
    expect(msg.querySelector('[data-testid=message-error]').textContent).toBe(en['err.llm.rate_limited']);
    expect(msg.querySelector('[data-testid=retry]')).not.toBeNull();
  });

  it('does not send the Enter that commits an IME composition, nor Shift+Enter', async () => {
    await openChat(fake, { messages: [{ id: 1, role: 'assistant', text: 'Hi', status: 'done', createdAt: new Date().toISOString() }] });
    fake.app.SendMessage = vi.fn(async () => ({ messageId: 2, replyId: 3 }));
    const root = view.container;
    const composer = await waitFor(() => byTestId(root, 'composer'));
    await type(composer, '안녕하세요');
    const composing = key(composer, { key: 'Enter', isComposing: true });
    const webkit = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    Object.defineProperty(webkit, 'keyCode', { value: 229 });
    composer.dispatchEvent(webkit);
    const shift = key(composer, { key: 'Enter', shiftKey: true });
    await settle();
    expect(fake.app.SendMessage).not.toHaveBeenCalled();
    expect(composing.defaultPrevented).toBe(false);
    expect(shift.defaultPrevented).toBe(false);
    const plain = key(composer, { key: 'Enter' });
    expect(plain.defaultPrevented).toBe(true);
    await waitFor(() => fake.app.SendMessage.mock.calls.length === 1);
    expect(fake.app.SendMessage.mock.calls[0][1]).toBe('안녕하세요');
  });

  it('keeps what the learner typed when sending fails, and points to Settings', async () => {
    await openChat(fake, { messages: [{ id: 1, role: 'assistant', text: 'Hi', status: 'done', createdAt: new Date().toISOString() }] });
    fake.app.SendMessage = vi.fn(async () => Promise.reject({ code: 'llm.no_key', field: '', message: 'no key' }));
    const root = view.container;
    const composer = await waitFor(() => byTestId(root, 'composer'));
    await type(composer, 'My line');
    key(composer, { key: 'Enter' });
    const err = await waitFor(() => byTestId(root, 'chat-error'));
    expect(err.textContent).toContain(en['err.llm.no_key']);
    expect(composer.value).toBe('My line');
    const open = byTestId(err, 'open-setting');
    expect(open.textContent).toBe(en['chat.openSettings']);
    await click(open);
    // The button opens the setting the error names: here the key field, ready to type in.
    await waitFor(() => document.activeElement === byTestId(root, 'settings-apikey'), { message: 'the key field focused' });
  });

  it('drops a "no API key" alert once a key is saved, but keeps one that came with a key set', async () => {
    await openChat(fake, { messages: [{ id: 1, role: 'assistant', text: 'Hi', status: 'done', createdAt: new Date().toISOString() }] });
    fake.app.SendMessage = vi.fn(async () => Promise.reject({ code: 'llm.no_key', field: '', message: 'no key' }));
    const root = view.container;
    settings.value = { ...settings.value, hasKey: false };
    const composer = await waitFor(() => byTestId(root, 'composer'));
    await type(composer, 'My line');
    key(composer, { key: 'Enter' });
    await waitFor(() => byTestId(root, 'chat-error'));
    settings.value = { ...settings.value, hasKey: true };
    await waitFor(() => !byTestId(root, 'chat-error'), { message: 'the no-key alert to go' });
    // A key already set when Go said "no key": the alert stays, it is news to the learner.
    await type(composer, 'Again');
    key(composer, { key: 'Enter' });
    await waitFor(() => byTestId(root, 'chat-error'));
    await settle();
    expect(byTestId(root, 'chat-error')).not.toBeNull();
  });

  it('flips between versions of a regenerated reply', async () => {
    const room = await openChat(fake, { messages: [{ id: 1, role: 'assistant', text: 'B', status: 'done', alternatives: ['A', 'B'], activeAlt: 1, createdAt: new Date().toISOString() }] });
    fake.app.SelectAlternative = vi.fn(async () => ({ id: 1, role: 'assistant', text: 'A', status: 'done', alternatives: ['A', 'B'], createdAt: new Date().toISOString() }));
    const root = view.container;
    const pos = await waitFor(() => byTestId(root, 'alt-position'));
    expect(pos.textContent).toBe('Answer 2 of 2');
    await click(byTestId(root, 'alt-prev'));
    expect(fake.app.SelectAlternative).toHaveBeenCalledWith(room.id, 1, 0);
    await waitFor(() => byTestId(root, 'alt-position').textContent === 'Answer 1 of 2');
    expect(root.querySelector('[data-id="1"] .text').textContent.trim()).toBe('A');
  });

  it('keeps token figures off the chat unless the learner asked for them', async () => {
    fake.app.RoomUsage = vi.fn(async () => ({ promptTokens: 1200, completionTokens: 34, estimatedCostUsd: 0.0021, costKnown: true }));
    await openChat(fake, { messages: [{ id: 1, role: 'assistant', text: 'Hi', status: 'done', createdAt: new Date().toISOString(), usage: { promptTokens: 1200, completionTokens: 34 } }] });
    const root = view.container;
    const toggle = await waitFor(() => byTestId(root, 'scenario-toggle'));
    if (toggle.getAttribute('aria-expanded') !== 'true') await click(toggle);
    await waitFor(() => root.querySelector('[data-id="1"] [data-testid=copy]'));
    await settle();
    expect(byTestId(root, 'message-usage')).toBeNull();
    expect(byTestId(root, 'room-usage')).toBeNull();
  });

  it('drops a regenerated reply\'s old token figure, so a failed new version does not show it', async () => {
    const t0 = new Date().toISOString();
    const room = await openChat(fake, { showTokens: true, messages: [
      { id: 1, role: 'user', text: 'Hello', status: 'done', createdAt: t0 },
      { id: 2, role: 'assistant', text: 'Hi', status: 'done', createdAt: t0, usage: { promptTokens: 40, completionTokens: 2 } },
    ] });
    fake.app.RegenerateReply = vi.fn(async () => ({ messageId: 0, replyId: 2 }));
    const root = view.container;
    await waitFor(() => root.querySelector('[data-id="2"] [data-testid=message-usage]'));
    await click(byTestId(root, 'regenerate'));
    await waitFor(() => root.querySelector('[data-id="2"][data-status=streaming]'));
    fake.emit('chat:error', { roomId: room.id, replyId: 2, code: 'llm.unreachable' });
    await waitFor(() => root.querySelector('[data-id="2"][data-status=error]'));
    expect(root.querySelector('[data-id="2"] [data-testid=message-usage]')).toBeNull();
  });

  it('rewrites the learner\'s last line and streams a new reply to it', async () => {
    const t0 = new Date().toISOString();
    const room = await openChat(fake, { messages: [
      { id: 1, role: 'assistant', text: 'Hi', status: 'done', createdAt: t0 },
      { id: 2, role: 'user', text: 'A lattte', status: 'done', createdAt: t0 },
      { id: 3, role: 'assistant', text: 'A what?', status: 'done', createdAt: t0 },
    ] });
    const root = view.container;
    const edit = await waitFor(() => root.querySelector('[data-id="2"] [data-testid=edit-message]'));
    expect(root.querySelectorAll('[data-testid=edit-message]')).toHaveLength(1);
    await click(edit);
    const composer = byTestId(root, 'composer');
    expect(composer.value).toBe('A lattte');
    expect(byTestId(root, 'editing-bar')).not.toBeNull();
    await type(composer, 'A latte');
    key(composer, { key: 'Enter' });
    await waitFor(() => fake.calls.some(([m]) => m === 'EditLastMessage'));
    expect(fake.calls.find(([m]) => m === 'EditLastMessage')[1]).toEqual([room.id, 'A latte']);
    await waitFor(() => !root.querySelector('[data-id="3"]'));
    expect(root.querySelector('[data-id="2"] .text').textContent).toBe('A latte');
    expect(byTestId(root, 'editing-bar')).toBeNull();
    expect(fake.calls.some(([m]) => m === 'SendMessage')).toBe(false);
  });

  it('shows the tokens the room sent and got back, and their estimated cost', async () => {
    fake.app.RoomUsage = vi.fn(async () => ({ promptTokens: 1200, completionTokens: 34, estimatedCostUsd: 0.0021, costKnown: true }));
    await openChat(fake, { showTokens: true, messages: [{ id: 1, role: 'assistant', text: 'Hi', status: 'done', createdAt: new Date().toISOString() }] });
    const root = view.container;
    const toggle = await waitFor(() => byTestId(root, 'scenario-toggle'));
    if (toggle.getAttribute('aria-expanded') !== 'true') await click(toggle);
    const u = await waitFor(() => byTestId(root, 'room-usage'));
    expect(u.textContent).toBe('This room: 1,200 in · 34 out tokens, about $0.0021');
    expect(u.title).toBe(en['chat.usageHelp']);
  });

  it('says the cost is unknown, not $0, for a model without a known price; the total grows when a reply is done', async () => {
    let used = { promptTokens: 0, completionTokens: 0, estimatedCostUsd: 0, costKnown: false };
    fake.app.RoomUsage = vi.fn(async () => used);
    const room = await openChat(fake, { showTokens: true, messages: [{ id: 1, role: 'assistant', text: 'Hi', status: 'done', createdAt: new Date().toISOString() }] });
    const root = view.container;
    const toggle = await waitFor(() => byTestId(root, 'scenario-toggle'));
    if (toggle.getAttribute('aria-expanded') !== 'true') await click(toggle);
    await waitFor(() => fake.app.RoomUsage.mock.calls.length === 1);
    await settle();
    expect(byTestId(root, 'room-usage')).toBeNull(); // nothing used yet: no line at all

    used = { promptTokens: 2345, completionTokens: 12, estimatedCostUsd: 0, costKnown: false };
    fake.emit('chat:done', { roomId: room.id, reply: { id: 2, role: 'assistant', text: 'Bye', status: 'done', createdAt: new Date().toISOString(), usage: { promptTokens: 2345, completionTokens: 12 } } });
    const u = await waitFor(() => byTestId(root, 'room-usage'));
    expect(u.textContent).toBe('This room: 2,345 in · 12 out tokens, cost unknown (no price known for this model)');
    expect(u.textContent).not.toContain('$');
    expect(u.dataset.costKnown).toBe('false');
  });

  it('shows a reply cut at the size cap as cut off, with Try again while it is the last message', async () => {
    const t0 = new Date().toISOString();
    const room = await openChat(fake, { messages: [
      { id: 1, role: 'assistant', text: 'Long…', status: 'done', cutOff: true, createdAt: t0 },
      { id: 2, role: 'user', text: 'More', status: 'done', createdAt: t0 },
      { id: 3, role: 'assistant', text: 'Very long…', status: 'done', cutOff: true, createdAt: t0 },
    ] });
    fake.app.RegenerateReply = vi.fn(async () => ({ messageId: 0, replyId: 3 }));
    const root = view.container;
    const note = await waitFor(() => root.querySelector('[data-id="3"] [data-testid=message-cutoff]'));
    expect(note.textContent).toContain(en['chat.cutOff']);
    expect(root.querySelector('[data-id="1"] [data-testid=message-cutoff]')).not.toBeNull();
    expect(root.querySelector('[data-id="1"] [data-testid=cutoff-retry]')).toBeNull(); // not the last message
    expect(root.querySelector('[data-id="2"] [data-testid=message-cutoff]')).toBeNull();
    await click(note.querySelector('[data-testid=cutoff-retry]'));
    expect(fake.app.RegenerateReply).toHaveBeenCalledWith(room.id);
    await waitFor(() => root.querySelector('[data-id="3"][data-status=streaming]'));
    expect(root.querySelector('[data-id="3"] [data-testid=message-cutoff]')).toBeNull();

    setLanguage('ja');
    fake.emit('chat:done', { roomId: room.id, reply: { id: 3, role: 'assistant', text: 'Again long', status: 'done', cutOff: true, createdAt: t0 } });
    await waitFor(() => root.querySelector('[data-id="3"] [data-testid=message-cutoff]')?.textContent.includes('この返信は長すぎたため途中で切れました。'));
    setLanguage('en');
  });

  it('shows each finished reply\'s tokens in and out beside its time, in the UI language', async () => {
    const now = new Date().toISOString();
    const room = await openChat(fake, { showTokens: true, messages: [
      { id: 1, role: 'assistant', text: 'Hi', status: 'done', createdAt: now, usage: { promptTokens: 1480, completionTokens: 9 } },
      { id: 2, role: 'user', text: 'A latte', status: 'done', createdAt: now },
      { id: 3, role: 'assistant', text: 'Sure', status: 'done', createdAt: now },
    ] });
    const root = view.container;
    const figure = await waitFor(() => root.querySelector('[data-id="1"] .msg-meta [data-testid=message-usage]'));
    expect(figure.textContent).toBe('1,480 in · 9 out');
    expect(figure.title).toBe('This reply: 1,480 tokens sent to the model, 9 tokens written by it');
    expect(root.querySelector('[data-id="2"] [data-testid=message-usage]')).toBeNull(); // the learner's own line
    expect(root.querySelector('[data-id="3"] [data-testid=message-usage]')).toBeNull(); // no usage reported

    fake.emit('chat:delta', { roomId: room.id, replyId: 5, delta: 'Wri' });
    frames.frame();
    await waitFor(() => root.querySelector('[data-id="5"]'));
    expect(root.querySelector('[data-id="5"] [data-testid=message-usage]')).toBeNull(); // not while streaming
    fake.emit('chat:done', { roomId: room.id, reply: { id: 5, role: 'assistant', text: 'Written', status: 'done', createdAt: now, usage: { promptTokens: 1502, completionTokens: 3 } } });
    const done = await waitFor(() => root.querySelector('[data-id="5"] [data-testid=message-usage]'));
    expect(done.textContent).toBe('1,502 in · 3 out');

    setLanguage('ko');
    await waitFor(() => root.querySelector('[data-id="1"] [data-testid=message-usage]').textContent === '입력 1,480 · 출력 9');
  });

  it('shows a suggestion that can be put into the composer', async () => {
    await openChat(fake, { messages: [{ id: 1, role: 'assistant', text: 'Hi', status: 'done', createdAt: new Date().toISOString() }] });
    const root = view.container;
    await click(await waitFor(() => byTestId(root, 'suggest')));
    // The hint ladder opens on its first rung; each "More help" reveals the next, up to the line.
    expect((await waitFor(() => byTestId(root, 'hint-aim'))).textContent).toBe('Order a drink and say its size.');
    for (let rung = 2; rung <= 4; rung++) await click(await waitFor(() => byTestId(root, 'hint-more')));
    expect(byTestId(root, 'hint-more')).toBeNull();
    await waitFor(() => (fake.state.rungs ?? []).length === 4);
    expect(fake.state.rungs).toEqual([1, 2, 3, 4]);
    const use = await waitFor(() => byTestId(root, 'hint-use'));
    use.focus(); // as a real click does; jsdom's click leaves the focus where it was
    await click(use);
    await waitFor(() => byTestId(root, 'composer').value === 'Could I have a small latte, please?');
    expect(document.activeElement).toBe(byTestId(root, 'composer')); // so Enter sends it
    expect(allByTestId(root, 'message')).toHaveLength(1); // the hint is not part of the conversation
  });
  it('a Suggest refused for the key offers the way to that setting', async () => {
    await openChat(fake, { messages: [{ id: 1, role: 'assistant', text: 'Hi', status: 'done', createdAt: new Date().toISOString() }] });
    fake.app.HintLadder = vi.fn(async () => Promise.reject({ code: 'llm.unauthorized', field: '', message: 'no' }));
    const root = view.container;
    await click(await waitFor(() => byTestId(root, 'suggest')));
    const hint = await waitFor(() => (byTestId(root, 'hint')?.dataset.code ? byTestId(root, 'hint') : null));
    await click(byTestId(hint, 'open-setting'));
    await waitFor(() => document.activeElement === byTestId(root, 'settings-apikey'), { message: 'the key field focused' });
  });
  describe('a Suggest that takes long', () => {
    const hi = () => [{ id: 1, role: 'assistant', text: 'Hi', status: 'done', createdAt: new Date().toISOString() }];
    const suggestId = () => fake.calls.find(([m]) => m === 'HintLadder')[1][0];
    const cancels = () => fake.calls.filter(([m]) => m === 'CancelCall').map(([, args]) => args[0]);

    it('can be cancelled from the hint panel, without an error', async () => {
      await openChat(fake, { messages: hi() });
      fake.state.holdCalls = true;
      const root = view.container;
      await click(await waitFor(() => byTestId(root, 'suggest')));
      await click(await waitFor(() => byTestId(root, 'suggest-cancel')));
      await waitFor(() => cancels().length === 1);
      expect(cancels()).toEqual([suggestId()]);
      await waitFor(() => byTestId(root, 'hint') === null, { message: 'hint panel gone' });
      await settle();
      expect(byTestId(root, 'hint')).toBeNull();
      expect(byTestId(document.body, 'error-toast')).toBeNull();
      expect(byTestId(root, 'suggest').disabled).toBe(false);
      // Wherever a cancelled call's rejection ends up, it is never shown as an error.
      expect(toastError({ code: 'llm.canceled' })).toBe(0);
      await settle();
      expect(byTestId(document.body, 'error-toast')).toBeNull();
    });

    it('is cancelled when the learner opens another room', async () => {
      fake.state.session = fake.state.users.get('mina').user;
      const other = await fake.app.CreateRoom({ ...ROOM, title: 'Other' });
      fake.state.messages.set(other.id, hi());
      await openChat(fake, { messages: hi() });
      fake.state.holdCalls = true;
      const root = view.container;
      await click(await waitFor(() => byTestId(root, 'suggest')));
      await waitFor(() => byTestId(root, 'suggest-cancel'));
      navigate({ name: 'chat', roomId: other.id });
      await waitFor(() => cancels().length === 1, { message: 'CancelCall' });
      expect(cancels()).toEqual([suggestId()]);
      await waitFor(() => byTestId(root, 'room-heading')?.textContent === 'Other');
      expect(byTestId(root, 'hint')).toBeNull();
    });

    it('is cancelled on log-out, before the session ends', async () => {
      await openChat(fake, { messages: hi() });
      fake.state.holdCalls = true;
      const root = view.container;
      await click(await waitFor(() => byTestId(root, 'suggest')));
      await waitFor(() => byTestId(root, 'suggest-cancel'));
      await logOut();
      const order = fake.calls.map(([m]) => m).filter((m) => m === 'CancelCall' || m === 'LogOut');
      expect(order).toEqual(['CancelCall', 'LogOut']);
      expect(cancels()).toEqual([suggestId()]);
      await settle();
      expect(byTestId(document.body, 'error-toast')).toBeNull();
    });
  });
});
