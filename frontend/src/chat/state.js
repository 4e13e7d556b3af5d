// The open room's state as signals, read by the chat views and written by the other chat modules
// (live events, paging, actions). Nothing here talks to Go.
import { signal, computed } from '@preact/signals';
import { streamingReplyId } from '../streaming.js';

export const roomId = signal(null);
/** messages is the window of the conversation on screen, oldest first (see paging.js). */
export const messages = signal([]);
export const hasMore = signal(false);
export const hasNewer = signal(false);
export const loadState = signal('idle'); // idle | loading | ready | error
export const loadError = signal(null);
export const loadingOlder = signal(false);
/** actionError: {error: AppError, retry: 'scene'|'reply'|null} from the last failed action. */
export const actionError = signal(null);
export const sending = signal(false);
export const hint = signal(null); // {state: 'loading'|'ready'|'error', text?, error?}
/** usage is the room's token count and estimated cost (RoomUsage), or null when unknown. */
export const usage = signal(null);
/** announcement is read by the aria-live region when a reply completes. */
export const announcement = signal('');
export const draft = signal('');
/** followLatest bumps when the learner sends, so the list scrolls to the bottom even if they had scrolled up. */
export const followLatest = signal(0);
/** found is the id of the message a search result opened the room at (highlighted), else null. */
export const found = signal(null);
/** editing is the id of the learner's last line while it is being rewritten, else null. */
export const editing = signal(null);

/**
 * streamingReply is the reply streaming in the open room, as streaming.js knows it: its message
 * when on screen, else just its id (the learner scrolled far up and the window let it go).
 */
export const streamingReply = computed(() => {
  const id = streamingReplyId(roomId.value);
  if (id === null) return null;
  const list = messages.value;
  return (id ? list.find((m) => m.id === id) : lastStreaming(list)) ?? { id, status: 'streaming' };
});
/**
 * streamingHere: a reply streams in the open room. Views that only need that read this, not
 * streamingReply, whose message changes on every frame of the stream.
 */
export const streamingHere = computed(() => streamingReply.value !== null);
/** busy: an action is on its way to Go or a reply streams; Send waits. */
export const busy = computed(() => sending.value || streamingHere.value);

// A visit is one stay in a room. It changes on every room switch, so an answer that comes back
// for an earlier visit (a page, an action's result) is dropped instead of landing in another room.
let visit = 0;
/** startVisit begins a new visit and returns it. */
export const startVisit = () => ++visit;
/** currentVisit is the visit an async call should remember and compare with when it returns. */
export const currentVisit = () => visit;

function byId(a, b) {
  return a.id - b.id;
}

/** upsert replaces a message by id or inserts it in id order. */
export function upsert(list, msg) {
  const i = list.findIndex((m) => m.id === msg.id);
  if (i >= 0) {
    const next = list.slice();
    next[i] = msg;
    return next;
  }
  return [...list, msg].sort(byId);
}

/** lastStreaming is the newest message of a list still streaming, or undefined. */
export function lastStreaming(list) {
  for (let i = list.length - 1; i >= 0; i--) if (list[i].status === 'streaming') return list[i];
  return undefined;
}

/** placeholder is a reply Go has started and no event has filled in yet. */
export function placeholder(id, text = '') {
  return { id, role: 'assistant', text, status: 'streaming', createdAt: new Date().toISOString() };
}
