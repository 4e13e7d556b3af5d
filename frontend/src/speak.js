// Push-to-talk and shadowing. The learner holds Space (in an empty composer) or the mic button,
// speaks, and releases; the transcript lands in the composer (or is sent at once, per room).
// "Say it" on an AI line records the learner repeating it and compares the words.
//
// Where the microphone is read depends on the build (Go says which, speechCapture):
//   native  Go records (Linux, macOS: the web view there cannot), streams the level as events,
//           and transcribes on stopRecording.
//   webview getUserMedia + MediaRecorder here (Windows' WebView2 grants the microphone); the file
//           goes to Go through transcribeUpload, which applies the same limits.
import { signal, computed, effect, untracked } from '@preact/signals';
import * as api from './api.js';
import * as state from './chat/state.js';
import * as actions from './chat/actions.js';

/** The longest recording; Go stops a native one there too. */
export const MAX_MS = 60000;

/** capture is {native, os} once known. */
export const capture = signal(null);
/**
 * rec is the recording under way: {phase: 'starting'|'recording'|'transcribing', mode:
 * 'compose'|'shadow', messageId, level (0–1), ms, limited} or null.
 */
export const rec = signal(null);
/** recording is whether anything records or transcribes; it changes far less often than rec. */
export const recording = computed(() => rec.value !== null);
/** shadowTarget is the AI line being repeated now, or 0. */
export const shadowTarget = computed(() => (rec.value?.mode === 'shadow' ? rec.value.messageId : 0));
/** speakError is the last failure to show: {error, mode, messageId} or null. */
export const speakError = signal(null);
/** shadow is the last shadowing result: {messageId, comparison} or null. */
export const shadow = signal(null);
/** sendAtOnce holds the rooms whose transcripts are sent without a check in the composer. */
export const sendAtOnce = signal(new Set());
/** takes holds the ids of the current room's lines that have the learner's own recording. */
export const takes = signal(new Set());
/** lastTiming: {releaseToTextMs, audioBytes, durationMs} of the last transcript (on the mic button as data-*, for support and tests). */
export const lastTiming = signal(null);

let live = null; // the running recording's private parts: ids, listeners, web view recorder
let pendingTake = null; // {roomId, takeId, afterId}: keep the take with the next line the learner sends

async function loadCapture() {
  if (!capture.value) capture.value = await api.speechCapture();
  return capture.value;
}

/** loadSpeakSettings reads the per-room switch; called when a room opens. */
export async function loadSpeakSettings() {
  try {
    const s = await api.getSpeakSettings();
    sendAtOnce.value = new Set(s.sendAtOnce ?? []);
  } catch {
    // Without them the composer still works: transcripts land in it to check.
  }
}

/** toggleSendAtOnce flips the current room's switch. */
export async function toggleSendAtOnce() {
  const roomId = state.roomId.value;
  if (!roomId) return;
  try {
    const s = await api.setSendAtOnce(roomId, !sendAtOnce.value.has(roomId));
    sendAtOnce.value = new Set(s.sendAtOnce ?? []);
  } catch (e) {
    speakError.value = { error: api.normaliseError(e), mode: 'compose' };
  }
}

const fail = (code) => new api.AppError({ code });

/**
 * start begins a recording. mode 'compose' fills the composer; 'shadow' compares with the AI line
 * messageId. A second start while one runs is ignored.
 * @param {{mode?: 'compose'|'shadow', messageId?: number}} [opts]
 */
export async function start({ mode = 'compose', messageId = 0 } = {}) {
  if (rec.value || !state.roomId.value) return;
  const me = { mode, messageId, roomId: state.roomId.value, released: false, canceled: false, offs: [] };
  live = me;
  speakError.value = null;
  if (mode === 'shadow') shadow.value = null;
  rec.value = { phase: 'starting', mode, messageId, level: 0, ms: 0, limited: false };
  try {
    const cap = await loadCapture();
    if (cap.native) await startNative(me);
    else await startWebview(me);
  } catch (e) {
    if (live === me) {
      cleanup(me);
      rec.value = null;
      speakError.value = { error: api.normaliseError(e), mode, messageId };
    }
    return;
  }
  if (live !== me || me.canceled) return;
  rec.value = { ...rec.value, phase: 'recording' };
  if (me.released) stop(); // let go before the microphone opened
}

async function startNative(me) {
  // Listen first: the first level event may come before startRecording returns.
  me.offs.push(api.on(api.SPEAK_EVENTS.level, (p) => {
    if (live === me && p?.id === me.id && rec.value?.phase !== 'transcribing') rec.value = { ...rec.value, level: p.level, ms: p.ms };
  }));
  me.offs.push(api.on(api.SPEAK_EVENTS.limit, (p) => {
    if (live === me && p?.id === me.id) {
      rec.value = { ...rec.value, limited: true };
      stop();
    }
  }));
  const r = await api.startRecording();
  me.id = r.id;
  if (me.canceled) api.cancelRecording(r.id).catch(() => {});
}

/** webviewError maps getUserMedia's DOMException names to what the learner can act on. */
function webviewError(e) {
  if (e?.name === 'NotAllowedError' || e?.name === 'SecurityError') return fail('speak.permission_denied');
  return fail('speak.no_microphone');
}

async function startWebview(me) {
  const md = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
  if (!md?.getUserMedia || typeof MediaRecorder === 'undefined') throw fail('speak.no_microphone');
  let stream;
  try {
    stream = await md.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
  } catch (e) {
    throw webviewError(e);
  }
  me.stream = stream;
  const type = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4'].find((x) => MediaRecorder.isTypeSupported?.(x)) ?? '';
  // 32 kbit/s Opus keeps speech clear for recognition at a twelfth of 16 kHz PCM's size.
  const recorder = new MediaRecorder(stream, { ...(type ? { mimeType: type } : {}), audioBitsPerSecond: 32000 });
  me.chunks = [];
  recorder.ondataavailable = (ev) => { if (ev.data?.size) me.chunks.push(ev.data); };
  me.recorder = recorder;
  // The level meter: RMS of the analyser's waveform every 50 ms, like Go's events.
  const AC = window.AudioContext || /** @type {any} */ (window).webkitAudioContext;
  if (AC) {
    me.ctx = new AC();
    const analyser = me.ctx.createAnalyser();
    analyser.fftSize = 1024;
    me.ctx.createMediaStreamSource(stream).connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    me.timer = setInterval(() => {
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const v of buf) sum += v * v;
      if (live === me && rec.value?.phase === 'recording') {
        rec.value = { ...rec.value, level: Math.sqrt(sum / buf.length), ms: Date.now() - me.startedAt };
      }
    }, 50);
  }
  me.startedAt = Date.now();
  me.limit = setTimeout(() => {
    if (live === me) {
      rec.value = { ...rec.value, limited: true };
      stop();
    }
  }, MAX_MS);
  recorder.start(250);
}

function cleanup(me) {
  for (const off of me.offs) off();
  me.offs = [];
  clearInterval(me.timer);
  clearTimeout(me.limit);
  me.stream?.getTracks().forEach((tr) => tr.stop());
  me.ctx?.close().catch(() => {});
}

/** stop ends the recording (key or button released) and transcribes it. */
export async function stop() {
  const me = live;
  if (!me || me.canceled) return;
  if (rec.value?.phase === 'starting') {
    me.released = true;
    return;
  }
  if (rec.value?.phase !== 'recording') return;
  rec.value = { ...rec.value, phase: 'transcribing' };
  const released = performance.now();
  let transcript;
  try {
    transcript = me.recorder ? await uploadWebview(me) : await api.stopRecording(me.roomId, me.id);
  } catch (e) {
    if (live === me) {
      cleanup(me);
      live = null;
      rec.value = null;
      if (!api.isCanceled(e)) speakError.value = { error: api.normaliseError(e), mode: me.mode, messageId: me.messageId };
    }
    return;
  }
  cleanup(me);
  if (live !== me) return;
  live = null;
  rec.value = null;
  lastTiming.value = { releaseToTextMs: Math.round(performance.now() - released), audioBytes: transcript.audioBytes, durationMs: transcript.durationMs };
  await deliver(me, transcript);
}

async function uploadWebview(me) {
  const durationMs = Date.now() - me.startedAt;
  const recorder = me.recorder;
  const done = new Promise((resolve) => { recorder.onstop = resolve; });
  recorder.stop();
  await done;
  me.stream.getTracks().forEach((tr) => tr.stop());
  const blob = new Blob(me.chunks, { type: recorder.mimeType || 'audio/webm' });
  const base64 = await new Promise((resolve, reject) => {
    const fr = new FileReader();
    fr.onload = () => resolve(String(fr.result).replace(/^data:[^,]*,/, ''));
    fr.onerror = () => reject(fail('speak.no_microphone'));
    fr.readAsDataURL(blob);
  });
  if (me.canceled) throw fail('llm.canceled');
  const call = api.cancellable((id) => api.transcribeUpload(id, me.roomId, { mimeType: blob.type, base64, durationMs }));
  me.cancelUpload = call.cancel;
  return call.promise;
}

async function deliver(me, tr) {
  if (state.roomId.value !== me.roomId) return; // the learner went elsewhere meanwhile
  if (me.mode === 'shadow') {
    try {
      const comparison = await api.compareLine(me.roomId, me.messageId, tr.text);
      shadow.value = { messageId: me.messageId, comparison };
    } catch (e) {
      speakError.value = { error: api.normaliseError(e), mode: 'shadow', messageId: me.messageId };
    }
    return;
  }
  const afterId = state.messages.value.reduce((m, x) => (x.role === 'user' && x.id > m ? x.id : m), 0);
  pendingTake = { roomId: me.roomId, takeId: tr.takeId, afterId };
  const draft = state.draft.value.trim();
  if (sendAtOnce.value.has(me.roomId) && !draft && !state.busy.value) {
    state.draft.value = tr.text;
    if (await actions.send(tr.text)) state.draft.value = '';
  } else {
    state.draft.value = draft ? `${draft} ${tr.text}` : tr.text;
  }
  document.getElementById('composer')?.focus();
}

/** cancel drops the recording (Esc), or the transcription under way. */
export async function cancel() {
  const me = live;
  if (!me) return false;
  me.canceled = true;
  live = null;
  const phase = rec.value?.phase;
  rec.value = null;
  cleanup(me);
  if (me.recorder) {
    if (me.recorder.state !== 'inactive') me.recorder.stop();
    me.cancelUpload?.();
  } else if (me.id && phase === 'recording') {
    await api.cancelRecording(me.id).catch(() => {});
  } else if (me.id && phase === 'transcribing') {
    await api.cancelCall(me.id).catch(() => {});
  }
  return true;
}

/**
 * composerKeyDown handles push-to-talk in the composer: Space held in an empty composer records,
 * Esc cancels a recording. It returns true when it took the key.
 * @param {KeyboardEvent} e
 */
export function composerKeyDown(e) {
  if (e.key === 'Escape' && rec.value) {
    e.preventDefault();
    cancel();
    return true;
  }
  if (e.key !== ' ' || e.ctrlKey || e.altKey || e.metaKey || e.shiftKey || e.isComposing || e.keyCode === 229) return false;
  if (rec.value) {
    e.preventDefault(); // the held key repeats: no spaces while recording
    return true;
  }
  if (e.repeat || state.draft.value !== '' || state.busy.value) return false;
  e.preventDefault();
  start({ mode: 'compose' });
  return true;
}

/** composerKeyUp stops a Space recording. @param {KeyboardEvent} e */
export function composerKeyUp(e) {
  if (e.key === ' ' && rec.value?.mode === 'compose') {
    e.preventDefault();
    stop();
    return true;
  }
  return false;
}

/** loadTakes lists the current room's lines with the learner's own recording. */
let takesAsked = 0;
export async function loadTakes(roomId) {
  // Only the newest question's answer counts, for the room still open; a take kept meanwhile is
  // newer than what Go read, so it stays.
  const n = ++takesAsked;
  try {
    const ids = await api.myTakes(roomId);
    if (n === takesAsked && state.roomId.value === roomId) takes.value = new Set([...(ids ?? []), ...takes.value]);
  } catch {
    // The line just has no recording to replay.
  }
}

// Keep the take with the next line the learner sends in that room, once it is saved.
effect(() => {
  const msgs = state.messages.value;
  const p = pendingTake;
  untracked(() => keepWith(p, msgs));
});

function keepWith(p, msgs) {
  if (!p || state.roomId.peek() !== p.roomId) return;
  const line = msgs.find((m) => m.role === 'user' && m.id > p.afterId);
  if (!line) return;
  pendingTake = null;
  api.keepTake(p.roomId, line.id, p.takeId).then(
    () => { if (state.roomId.peek() === p.roomId) takes.value = new Set([...takes.value, line.id]); },
    () => { /* the take was pushed out or the session ended: the line simply has no recording */ },
  );
}

// A new room: its takes and switch; a recording or result of the old room does not follow.
effect(() => {
  const roomId = state.roomId.value;
  untracked(() => {
    if (live && live.roomId !== roomId) cancel();
    shadow.value = null;
    speakError.value = null;
    takes.value = new Set();
    if (roomId) {
      loadTakes(roomId);
      loadSpeakSettings();
    }
  });
});

// Space held while the window loses focus never sends its keyup: stop there, as if let go.
if (typeof window !== 'undefined') {
  window.addEventListener('blur', () => {
    if (rec.peek()?.mode === 'compose') stop();
  });
}
