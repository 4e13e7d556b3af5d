// Listening: one shared <audio> element plays a spoken line that Go fetched (or found in its
// sealed cache) and handed over as a data: URL. Which line is playing, the speed and each
// room's auto-read switch are signals the views read.
import { signal } from '@preact/signals';
import * as api from './api.js';
import { errorText, t } from './i18n/index.js';
import { toast, navigate } from './store.js';

export const SPEEDS = [1, 0.75];
const SPEED_KEY = 'parley.speechSpeed';
const AUTO_KEY = 'parley.autoRead';

function readStore(key, fallback) {
  try {
    const v = localStorage.getItem(key);
    return v === null ? fallback : JSON.parse(v);
  } catch {
    return fallback;
  }
}
function writeStore(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage unavailable: the choice still holds for this session
  }
}

/** speed is 1 or 0.75; it picks which clip Go fetches (the server speaks slower, not the player). */
export const speed = signal(SPEEDS.includes(readStore(SPEED_KEY, 1)) ? readStore(SPEED_KEY, 1) : 1);
export function setSpeed(v) {
  if (!SPEEDS.includes(v)) return;
  speed.value = v;
  writeStore(SPEED_KEY, v);
}

/** autoRead maps room id → true for rooms whose replies are read aloud as they complete. */
export const autoRead = signal(readStore(AUTO_KEY, {}) ?? {});
export function setAutoRead(roomId, on) {
  const next = { ...autoRead.value };
  if (on) next[roomId] = true;
  else delete next[roomId];
  autoRead.value = next;
  writeStore(AUTO_KEY, next);
}

/** playing is {key, state: 'loading'|'playing'} for the line being spoken, or null. */
export const playing = signal(null);

// Browsers (and macOS's web view) refuse to start audio before the learner has interacted with
// the page: auto-read waits for a first click or key press. The first Listen is always a click.
let gestured = false;
export const hasGesture = () => gestured;
if (typeof document !== 'undefined') {
  const mark = () => {
    gestured = true;
  };
  document.addEventListener('pointerdown', mark, { capture: true, once: true });
  document.addEventListener('keydown', mark, { capture: true, once: true });
}

let el = null;
let current = null; // {token, callId, started}

/** audioElement is the one player, in the document so tests and assistive tech can find it. */
export function audioElement() {
  if (el) return el;
  el = document.createElement('audio');
  el.dataset.testid = 'speech-audio';
  el.preload = 'auto';
  el.hidden = true;
  el.addEventListener('playing', () => {
    if (!current || !playing.value) return;
    el.dataset.startMs = String(Math.round(performance.now() - current.started));
    playing.value = { ...playing.value, state: 'playing' };
  });
  const end = () => {
    if (current && el.dataset.key === playing.value?.key) {
      current = null;
      playing.value = null;
    }
  };
  el.addEventListener('ended', end);
  el.addEventListener('error', () => {
    if (!current) return;
    end();
    toast(t('listen.cannotPlay'), { kind: 'error', ms: 8000, testid: 'error-toast' });
  });
  document.body.append(el);
  return el;
}

/** stop ends playback and cancels a fetch still under way. */
export function stop() {
  const c = current;
  current = null;
  playing.value = null;
  if (c?.callId) api.cancelCall(c.callId).catch(() => {});
  if (el) {
    el.pause();
    el.removeAttribute('src');
    el.load();
  }
}

export const messageKey = (roomId, id) => `m:${roomId}:${id}`;

/**
 * play speaks a line: {key, fetch(callId, speed)} where fetch returns Go's Clip. Playing the
 * line that is already playing stops it instead.
 */
export async function play({ key, fetch }) {
  if (playing.value?.key === key) {
    stop();
    return;
  }
  stop();
  const callId = api.newCallId();
  const me = { callId, started: performance.now() };
  current = me;
  playing.value = { key, state: 'loading' };
  try {
    const clip = await fetch(callId, speed.value);
    if (current !== me) return;
    me.callId = null;
    const a = audioElement();
    a.dataset.key = key;
    a.dataset.cached = String(Boolean(clip.cached));
    a.src = clip.dataUrl;
    await a.play();
  } catch (e) {
    if (current !== me) return;
    current = null;
    playing.value = null;
    const err = api.normaliseError(e);
    if (err.code === 'llm.canceled') return;
    if (err.name === 'NotAllowedError') {
      toast(t('listen.needsClick'), { ms: 6000 });
      return;
    }
    const toSettings = err.code === 'speech.unsupported' || err.code === 'llm.model_not_found';
    toast(errorText(err), {
      kind: 'error', ms: 10000, testid: 'error-toast',
      action: toSettings ? { label: t('chat.openSettings'), testid: 'open-speech-settings', run: () => navigate({ name: 'settings' }) } : null,
    });
  }
}

/** listenMessage plays (or stops) a message of a room. */
export function listenMessage(roomId, msg) {
  return play({
    key: messageKey(roomId, msg.id),
    fetch: (callId, s) => api.speakMessage(roomId, msg.id, s, callId),
  });
}

/** listenText plays (or stops) a phrase that is not a message. */
export function listenText(key, text) {
  return play({ key, fetch: (callId, s) => api.speakText(text, s, callId) });
}

/**
 * onReplyDone is called with chat:done's payload: in a room with auto-read on, the finished
 * reply is read aloud, but only after the learner has touched the page once.
 */
export function onReplyDone(p, openRoomId) {
  const reply = p?.reply;
  if (!reply || p.roomId !== openRoomId || !autoRead.value[p.roomId] || !gestured) return;
  if (reply.status !== 'done' || !String(reply.text ?? '').trim()) return;
  listenMessage(p.roomId, reply);
}
