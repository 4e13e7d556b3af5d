import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { MessageList } from '../../src/views/Messages.js';
import * as state from '../../src/chat/state.js';
import { mount, byTestId, settle } from './helpers.js';

// jsdom has no layout and no ResizeObserver: the list gets a scripted height and scroll position,
// and the test plays the observer's part by calling its callback when "the content resized".
let observers;
class FakeResizeObserver {
  constructor(cb) { this.cb = cb; observers.push(this); }
  observe() {}
  disconnect() { observers = observers.filter((o) => o !== this); }
}
const resized = () => observers.forEach((o) => o.cb([]));

function layout(list, { height, view = 500 }) {
  const box = { height, top: 0 };
  Object.defineProperty(list, 'scrollHeight', { configurable: true, get: () => box.height });
  Object.defineProperty(list, 'clientHeight', { configurable: true, get: () => view });
  Object.defineProperty(list, 'scrollTop', {
    configurable: true,
    get: () => box.top,
    set: (v) => { box.top = Math.max(0, Math.min(v, box.height - view)); },
  });
  return box;
}
const scrolled = (list) => list.dispatchEvent(new Event('scroll'));

describe('the message list keeps the newest line in view', () => {
  let view;
  let saved;
  beforeEach(() => {
    observers = [];
    saved = globalThis.ResizeObserver;
    globalThis.ResizeObserver = FakeResizeObserver;
    state.roomId.value = 'room-1';
    state.hasMore.value = false;
    state.messages.value = Array.from({ length: 10 }, (_, i) => ({
      id: i + 1, role: i % 2 ? 'assistant' : 'user', text: `m${i + 1}`, status: 'done', createdAt: '2026-01-01T00:00:00Z',
    }));
    view = mount(MessageList);
  });
  afterEach(() => {
    view.unmount();
    globalThis.ResizeObserver = saved;
  });

  it('follows content that grows while the learner is at the bottom, and stays put once they scrolled up', () => {
    const list = byTestId(view.container, 'messages');
    const box = layout(list, { height: 2000 });
    resized();
    expect(list.scrollTop).toBe(1500);
    box.height = 2600; // the usage line, a font, a streaming reply: more content below
    resized();
    expect(list.scrollTop).toBe(2100);

    list.scrollTop = 800; // the learner reads older lines
    scrolled(list);
    box.height = 3000;
    resized();
    expect(list.scrollTop).toBe(800);
  });

  it('is not unpinned by a scroll event that only saw the content grow', () => {
    const list = byTestId(view.container, 'messages');
    const box = layout(list, { height: 2000 });
    resized();
    scrolled(list); // at the bottom
    box.height = 2800; // content grew before the queued scroll event was delivered
    scrolled(list);
    resized();
    expect(list.scrollTop).toBe(2300);
  });

  it('ignores a scroll event delivered after the list left the screen (a room switch mid-scroll)', async () => {
    const list = byTestId(view.container, 'messages');
    layout(list, { height: 2000 });
    const errors = [];
    const onError = (e) => { errors.push(e.error ?? e.message); e.preventDefault(); };
    window.addEventListener('error', onError);
    view.unmount();
    await settle();
    scrolled(list);
    window.removeEventListener('error', onError);
    view = mount(() => null);
    expect(errors).toEqual([]);
  });
});
