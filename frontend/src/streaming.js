// Which rooms have a reply streaming: the one place the app keeps it. The room list's marker, the
// open room's Stop button and its busy state all read this module.
//
// Two kinds of news write it. Live chat events (and Go's answer to a call that started a reply)
// say what is true now. Go's answers to reads (a room list, the newest page of a room) say what
// was true when they were asked for, so they count only for rooms no live event has spoken about
// since: a room list that left before a reply's done event and arrives after it must not light
// the marker again.
import { signal } from '@preact/signals';

/** replies maps a room id to the id of the reply streaming there (0 when Go did not say which). */
export const replies = signal(new Map());

let clock = 0;
/** heard maps a room id to the clock of the last live news about it. */
let heard = new Map();

function write(roomId, replyId) {
  const cur = replies.value;
  if (replyId === null ? !cur.has(roomId) : cur.get(roomId) === replyId) return;
  const next = new Map(cur);
  if (replyId === null) next.delete(roomId);
  else next.set(roomId, replyId);
  replies.value = next;
}

/**
 * setStreaming records live news: replyId streams in roomId now, or (null) nothing does.
 * @param {string} roomId
 * @param {number | null} replyId
 */
export function setStreaming(roomId, replyId) {
  if (!roomId) return;
  clock += 1;
  heard.set(roomId, clock);
  write(roomId, replyId);
}

/** asking is called just before a read is sent to Go; pass its result to fromAnswer. */
export function asking() {
  return clock;
}

/**
 * fromAnswer applies what a read said about rooms ([roomId, replyId or 0 or null]) unless live
 * news about that room came after the read was asked for.
 * @param {number} askedAt what asking() returned
 * @param {Iterable<[string, number | null]>} entries
 */
export function fromAnswer(askedAt, entries) {
  for (const [roomId, replyId] of entries) {
    if ((heard.get(roomId) ?? 0) > askedAt) continue;
    write(roomId, replyId);
  }
}

/** isStreaming tells whether a reply streams in the room. */
export function isStreaming(roomId) {
  return replies.value.has(roomId);
}

/** streamingReplyId is the id of the reply streaming in the room: a number (0 = unknown) or null. */
export function streamingReplyId(roomId) {
  return replies.value.has(roomId) ? replies.value.get(roomId) : null;
}

/** forgetStreaming drops everything, at log-out. */
export function forgetStreaming() {
  heard = new Map();
  replies.value = new Map();
}
