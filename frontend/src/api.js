// The one module that talks to Go. Every bound method of app.go has a wrapper here, every
// rejection is normalised into an AppError {code, field, message}, and the Wails events are
// subscribed through on(). Views never touch window.go or window.runtime directly, so tests
// stub the bridge in one place and a renamed Go method breaks one line.

/** AppError is what every failed call rejects with; `code` is a key of the apperr catalogue. */
export class AppError extends Error {
  constructor({ code = 'internal', field = '', message = '' } = {}) {
    super(message || code);
    this.name = 'AppError';
    this.code = code || 'internal';
    this.field = field || '';
  }
}

function fromObject(o) {
  if (o && typeof o === 'object' && typeof o.code === 'string' && o.code) {
    return new AppError({ code: o.code, field: o.field ?? '', message: o.message ?? '' });
  }
  return null;
}

function fromString(s) {
  const text = String(s ?? '').trim();
  if (text.startsWith('{')) {
    try {
      const parsed = fromObject(JSON.parse(text));
      if (parsed) return parsed;
    } catch {
      // not JSON: fall through to a plain message
    }
  }
  // Go's fallback formatting is "code (field): message" or "code: message".
  const m = /^([a-z_]+(?:\.[a-z_]+)*)(?: \(([A-Za-z_]+)\))?: (.*)$/s.exec(text);
  if (m) return new AppError({ code: m[1], field: m[2] ?? '', message: m[3] });
  return new AppError({ code: 'internal', message: text });
}

/**
 * normaliseError turns whatever a Wails promise rejected with (an object from our
 * ErrorFormatter, its JSON text, a plain string, or an Error) into an AppError.
 */
export function normaliseError(e) {
  if (e instanceof AppError) return e;
  const obj = fromObject(e);
  if (obj) return obj;
  if (e instanceof Error) return fromString(e.message);
  if (typeof e === 'string') return fromString(e);
  return new AppError({ code: 'internal', message: e == null ? '' : String(e) });
}

function bridge() {
  return typeof window !== 'undefined' ? window.go?.main?.App : undefined;
}

/** bridgeReady reports whether the bound methods and the event runtime are present. */
export function bridgeReady() {
  return Boolean(bridge() && window.runtime && typeof window.runtime.EventsOn === 'function');
}

/**
 * waitForBridge resolves once window.go and window.runtime exist. In dev and e2e they appear
 * asynchronously, after /wails/ipc.js has connected its websocket.
 */
export function waitForBridge({ timeoutMs = 20000, intervalMs = 25 } = {}) {
  if (bridgeReady()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (bridgeReady()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new AppError({ code: 'internal', message: 'the Go bridge did not appear' }));
      }
    }, intervalMs);
  });
}

let authLost = () => {};
/** onAuthLost registers what to do when Go says the session is gone (auth.required). */
export function onAuthLost(fn) {
  authLost = fn;
}

async function call(method, ...args) {
  const app = bridge();
  if (!app || typeof app[method] !== 'function') {
    throw new AppError({ code: 'internal', message: `bound method ${method} is missing` });
  }
  try {
    return await app[method](...args);
  } catch (e) {
    const err = normaliseError(e);
    if (err.code === 'auth.required' && method !== 'WhoAmI') authLost(err);
    throw err;
  }
}

// Account
export const signUp = (username, password, displayName) =>
  call('SignUp', { username, password, displayName });
export const logIn = (username, password) => call('LogIn', { username, password });
export const logOut = () => call('LogOut');
export const whoAmI = () => call('WhoAmI');
export const changePassword = (current, next) => call('ChangePassword', { current, next });
export const deleteAccount = (password) => call('DeleteAccount', password);
export const recoverAccount = (username, recoveryCode, newPassword) =>
  call('RecoverAccount', { username, recoveryCode, newPassword });

// Settings
export const getSettings = () => call('GetSettings');
/** saveSettings sends the whole update; apiKey "" keeps the stored key. */
export const saveSettings = (update) =>
  call('SaveSettings', {
    apiKey: update.apiKey ?? '',
    clearKey: Boolean(update.clearKey),
    baseUrl: update.baseUrl ?? '',
    model: update.model ?? '',
    temperature: Number(update.temperature ?? 0),
    proxyUrl: update.proxyUrl ?? '',
    uiLanguage: update.uiLanguage ?? '',
    theme: update.theme ?? 'system',
    speech: speechUpdate(update.speech),
  });

/** speechUpdate keeps only SpeechUpdate's fields; a Settings.speech view can be passed straight in. */
export function speechUpdate(sp = {}) {
  return {
    model: sp.model ?? '',
    voice: sp.voice ?? '',
    baseUrl: sp.baseUrl ?? '',
    apiKey: sp.apiKey ?? '',
    clearKey: Boolean(sp.clearKey),
  };
}
export const testConnection = (callId = newCallId()) => call('TestConnection', callId);
export const listModels = (callId = newCallId()) => call('ListModels', callId);

// Rooms
export const listRooms = () => call('ListRooms');
export const getRoom = (id) => call('GetRoom', id);
export const createRoom = (input) => call('CreateRoom', roomInput(input));
export const updateRoom = (id, input) => call('UpdateRoom', id, roomInput(input));
/** validateRoom returns every field error of a room input at once (Create/Update return the first). */
export const validateRoom = async (input) => ((await call('ValidateRoom', roomInput(input))) ?? []).map(normaliseError);
export const deleteRooms = (ids) => call('DeleteRooms', [...ids]);
export const listTrash = () => call('ListTrash');
export const restoreRooms = (ids) => call('RestoreRooms', [...ids]);
export const emptyTrash = () => call('EmptyTrash');
export const listPresets = () => call('ListPresets');

/** roomInput keeps only the RoomInput fields, so a Room or summary can be passed straight in. */
export function roomInput(r) {
  return {
    title: r.title ?? '',
    language: r.language ?? '',
    level: r.level ?? '',
    situation: r.situation ?? '',
    myRole: r.myRole ?? '',
    aiRole: r.aiRole ?? '',
    goal: r.goal ?? '',
    formality: r.formality ?? '',
    presetId: r.presetId ?? '',
  };
}

// Chat
export const listMessages = (roomId, beforeId = 0, limit = 30) =>
  call('ListMessages', roomId, beforeId, limit);
export const openScene = (roomId) => call('OpenScene', roomId);
export const sendMessage = (roomId, text) => call('SendMessage', roomId, text);
export const stopReply = (roomId) => call('StopReply', roomId);
export const retryReply = (roomId) => call('RetryReply', roomId);
export const regenerateReply = (roomId) => call('RegenerateReply', roomId);
export const editLastMessage = (roomId, text) => call('EditLastMessage', roomId, text);
export const selectAlternative = (roomId, messageId, index) =>
  call('SelectAlternative', roomId, messageId, index);
export const suggestReply = (roomId, callId = newCallId()) => call('SuggestReply', callId, roomId);
export const roomUsage = (roomId) => call('RoomUsage', roomId);

// Speech: each returns a Clip {dataUrl, cached}; the call can be cancelled like the ones below.
export const speakMessage = (roomId, messageId, speed, callId = newCallId()) =>
  call('SpeakMessage', callId, roomId, messageId, speed);
export const speakText = (text, speed, callId = newCallId()) => call('SpeakText', callId, text, speed);
export const speechCacheInfo = () => call('SpeechCacheInfo');
export const clearSpeechCache = () => call('ClearSpeechCache');

/** lookupWord explains a tapped word: {word, reading, dictionaryForm, meaning, note, cached}. */
export const lookupWord = (req, callId = newCallId()) => call('LookupWord', callId, {
  word: req.word ?? '', sentence: req.sentence ?? '', language: req.language ?? '', uiLanguage: req.uiLanguage ?? '',
});

/** readingAids returns, per text, its segments [{text, reading}] (furigana for ja, romanisation for ko). */
export const readingAids = (language, texts) => call('ReadingAids', language, [...texts]);

/** progress returns the practice per language, days counted in the given IANA time zone. */
export const progress = (timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC') => call('Progress', timeZone);

// Phrasebook: phrases with their FSRS card; export returns {name, content, count}.
export const phraseInput = (p) => ({
  text: p.text ?? '', meaning: p.meaning ?? '', reading: p.reading ?? '', note: p.note ?? '',
  context: p.context ?? '', language: p.language ?? '', roomId: p.roomId ?? '', source: p.source ?? '',
});
export const savePhrase = (input) => call('SavePhrase', phraseInput(input));
export const updatePhrase = (id, input) => call('UpdatePhrase', id, phraseInput(input));
export const deletePhrases = (ids) => call('DeletePhrases', [...ids]);
export const listPhrases = (search = '', language = '') => call('ListPhrases', { search, language });
export const duePhrases = (limit = 0) => call('DuePhrases', limit);
export const ratePhrase = (id, rating) => call('RatePhrase', id, rating);
export const exportPhrasebook = (format, language = '') => call('ExportPhrasebook', format, language);
/** savePhrasebookExport opens the OS save dialog; resolves with the path, or "" if canceled. */
export const savePhrasebookExport = (format, language = '') => call('SavePhrasebookExport', format, language);

// Calls the learner can cancel (SuggestReply, TestConnection, ListModels) run
// under an id the UI picks; cancelCall(id) ends one, and log-out ends them all.
let callSeq = 0;
export const newCallId = () => `call-${Date.now().toString(36)}-${++callSeq}`;
export const cancelCall = (callId) => call('CancelCall', callId);

// Misc
export const limits = () => call('Limits');
export const openExternal = (url) => call('OpenExternal', url);
export const appInfo = () => call('AppInfo');

/** Event names emitted by the chat service. */
export const EVENTS = Object.freeze({ delta: 'chat:delta', done: 'chat:done', error: 'chat:error' });

/**
 * on subscribes to a Wails event and returns an unsubscribe function. Wails 2.11's EventsOn
 * returns its own canceller; EventsOff(name) is the fallback for older runtimes.
 */
export function on(name, cb) {
  const rt = window.runtime;
  if (!rt || typeof rt.EventsOn !== 'function') {
    throw new AppError({ code: 'internal', message: 'the event runtime is missing' });
  }
  const cancel = rt.EventsOn(name, cb);
  return typeof cancel === 'function' ? cancel : () => rt.EventsOff(name);
}

/** copyText puts text on the clipboard, through the web API or the Wails runtime. */
export async function copyText(text) {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // WebKitGTK may refuse the async clipboard outside a user gesture: use the runtime.
  }
  if (typeof window.runtime?.ClipboardSetText === 'function') {
    return Boolean(await window.runtime.ClipboardSetText(text));
  }
  return false;
}
