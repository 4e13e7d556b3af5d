// The one module that talks to Go. Every bound method of app.go has a wrapper here, every
// rejection is normalised into an AppError {code, field, message}, and the Wails events are
// subscribed through on(). Views never touch window.go or window.runtime directly, so tests
// stub the bridge in one place and a renamed Go method breaks one line.
//
// The wrappers are checked against Go: `npm run typecheck` has Wails generate App.d.ts and
// models.ts from app.go (wailsjs/, not committed) and TypeScript checks each call's method name,
// argument count and argument types below against them (jsconfig.json). So the JSDoc types here
// are part of the check, not decoration.

/**
 * The bound methods exactly as Go declares them.
 * @typedef {typeof import('../wailsjs/go/main/App')} Bound
 */

/** AppError is what every failed call rejects with; `code` is a key of the apperr catalogue. */
export class AppError extends Error {
  /** @param {{code?: string, field?: string, message?: string}} [init] */
  constructor({ code = 'internal', field = '', message = '' } = {}) {
    super(message || code);
    this.name = 'AppError';
    this.code = code || 'internal';
    this.field = field || '';
    /** @type {AppError[] | undefined} every field error of a form, when Go reported several */
    this.all = undefined;
  }
}

/** @param {any} o */
function fromObject(o) {
  if (o && typeof o === 'object' && typeof o.code === 'string' && o.code) {
    return new AppError({ code: o.code, field: o.field ?? '', message: o.message ?? '' });
  }
  return null;
}

/** @param {unknown} s */
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
 * @param {unknown} e
 * @returns {AppError}
 */
export function normaliseError(e) {
  if (e instanceof AppError) return e;
  const obj = fromObject(e);
  if (obj) return obj;
  if (e instanceof Error) return fromString(e.message);
  if (typeof e === 'string') return fromString(e);
  return new AppError({ code: 'internal', message: e == null ? '' : String(e) });
}

/** @returns {any} window.go.main.App, whose shape Bound describes */
function bridge() {
  return typeof window !== 'undefined' ? /** @type {any} */ (window).go?.main?.App : undefined;
}

/** @returns {any} the Wails event runtime */
function runtime() {
  return /** @type {any} */ (window).runtime;
}

/** bridgeReady reports whether the bound methods and the event runtime are present. */
export function bridgeReady() {
  return Boolean(bridge() && runtime() && typeof runtime().EventsOn === 'function');
}

/**
 * waitForBridge resolves once window.go and window.runtime exist. In dev and e2e they appear
 * asynchronously, after /wails/ipc.js has connected its websocket.
 */
export function waitForBridge({ timeoutMs = 20000, intervalMs = 25 } = {}) {
  if (bridgeReady()) return /** @type {Promise<void>} */ (Promise.resolve());
  return /** @type {Promise<void>} */ (new Promise((resolve, reject) => {
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
  }));
}

/** @type {(err: AppError) => void} */
let authLost = () => {};
/**
 * onAuthLost registers what to do when Go says the session is gone (auth.required).
 * @param {(err: AppError) => void} fn
 */
export function onAuthLost(fn) {
  authLost = fn;
}

/**
 * Methods whose auth.required answer is expected and means nothing: asking who is logged in, and
 * cancelling a call that log-out already ended.
 */
const QUIET_AUTH = new Set(['WhoAmI', 'CancelCall']);

/**
 * call runs a bound method; TypeScript checks method and args against Go's signature (Bound).
 * @template {keyof Bound} M
 * @param {M} method
 * @param {Parameters<Bound[M]>} args
 * @returns {Promise<Awaited<ReturnType<Bound[M]>>>}
 */
async function call(method, ...args) {
  const app = bridge();
  if (!app || typeof app[method] !== 'function') {
    throw new AppError({ code: 'internal', message: `bound method ${method} is missing` });
  }
  try {
    return await app[method](...args);
  } catch (e) {
    const err = normaliseError(e);
    if (err.code === 'auth.required' && !QUIET_AUTH.has(method)) authLost(err);
    throw err;
  }
}

// Account
/** @param {string} username @param {string} password @param {string} displayName */
export const signUp = (username, password, displayName) =>
  call('SignUp', { username, password, displayName });
/** @param {string} username @param {string} password */
export const logIn = (username, password) => call('LogIn', { username, password });
export const logOut = () => call('LogOut');
export const whoAmI = () => call('WhoAmI');
/** @param {string} current @param {string} next */
export const changePassword = (current, next) => call('ChangePassword', { current, next });
/** @param {string} name "" goes back to the username → the user */
export const changeDisplayName = (name) => call('ChangeDisplayName', name);
/**
 * deleteAccount deletes the account and rewrites the data file without its bytes; fromBackups
 * removes it from the backups too. @param {string} password @param {boolean} [fromBackups]
 */
export const deleteAccount = (password, fromBackups = false) => call('DeleteAccount', password, Boolean(fromBackups));
/** @param {string} username @param {string} recoveryCode @param {string} newPassword */
export const recoverAccount = (username, recoveryCode, newPassword) =>
  call('RecoverAccount', { username, recoveryCode, newPassword });

// Settings
export const getSettings = () => call('GetSettings');
/** @param {Record<string, any>} update the form; every field is sent, so Go sees the whole state */
const settingsUpdate = (update) => ({
  apiKey: update.apiKey ?? '',
  clearKey: Boolean(update.clearKey),
  baseUrl: update.baseUrl ?? '',
  model: update.model ?? '',
  coachModel: update.coachModel ?? '',
  temperature: Number(update.temperature ?? 0),
  proxyUrl: update.proxyUrl ?? '',
  uiLanguage: update.uiLanguage ?? '',
  theme: update.theme ?? 'system',
  explainLanguage: update.explainLanguage ?? '',
  practiceLanguage: update.practiceLanguage ?? '',
  practiceLevel: update.practiceLevel ?? '',
  showTokens: Boolean(update.showTokens),
  roomSort: update.roomSort ?? '',
  // Speech settings travel flat; the form keeps them under update.speech.
  speechModel: update.speech?.model ?? '',
  speechVoice: update.speech?.voice ?? '',
  speechBaseUrl: update.speech?.baseUrl ?? '',
  speechApiKey: update.speech?.apiKey ?? '',
  clearSpeechKey: Boolean(update.speech?.clearKey),
  checkUpdates: Boolean(update.checkUpdates),
});
/**
 * saveSettings sends the whole update; apiKey "" keeps the stored key. The speech settings come
 * as update.speech ({model, voice, baseUrl, apiKey, clearKey}, or the Settings.speech view) and
 * go to Go as its flat speech* fields; speech.apiKey "" keeps the stored speech key.
 * @param {Record<string, any>} update
 */
export const saveSettings = (update) => call('SaveSettings', settingsUpdate(update));
/**
 * testConnection and listModels try the form as typed, unsaved; apiKey "" means the stored key.
 * @param {string} callId see cancellable() @param {Record<string, any>} update
 */
export const testConnection = (callId, update) => call('TestConnection', callId, settingsUpdate(update));
/** @param {string} callId see cancellable() @param {Record<string, any>} update */
export const listModels = (callId, update) => call('ListModels', callId, settingsUpdate(update));

// Rooms
export const listRooms = () => call('ListRooms');
/** @param {string} id */
export const getRoom = (id) => call('GetRoom', id);
/** @param {Record<string, any>} input */
export const createRoom = (input) => call('CreateRoom', roomInput(input));
/** @param {string} id @param {Record<string, any>} input */
export const updateRoom = (id, input) => call('UpdateRoom', id, roomInput(input));
/**
 * validateRoom returns every field error of a room input at once (Create/Update return the first).
 * @param {Record<string, any>} input
 */
export const validateRoom = async (input) => ((await call('ValidateRoom', roomInput(input))) ?? []).map(normaliseError);
/** @param {Iterable<string>} ids */
export const deleteRooms = (ids) => call('DeleteRooms', [...ids]);
export const listTrash = () => call('ListTrash');
/** pinnedRooms is the ids of the pinned rooms, most recently pinned first. */
export const pinnedRooms = () => call('PinnedRooms');
/** @param {string} id @param {boolean} pin → the pinned ids */
export const pinRoom = (id, pin) => call('PinRoom', id, pin);
/** dataDamage counts the rooms and conversation summaries the lists leave out because they cannot be read. */
export const dataDamage = () => call('DataDamage');
/** @param {Iterable<string>} ids */
export const restoreRooms = (ids) => call('RestoreRooms', [...ids]);
export const emptyTrash = () => call('EmptyTrash');
export const listPresets = () => call('ListPresets');

// Your data: account export and import (.parley files; Go opens the OS file dialogs)
/** @param {string} passphrase @param {boolean} includeKey */
export const exportAccount = (passphrase, includeKey) => call('ExportAccount', { passphrase, includeKey: Boolean(includeKey) });
/** importAccount merges an export into the logged-in account. @param {string} passphrase */
export const importAccount = (passphrase) => call('ImportAccount', passphrase);
/** importNewAccount makes a new account from an export, before log-in. @param {string} username @param {string} password @param {string} passphrase */
export const importNewAccount = (username, password, passphrase) => call('ImportNewAccount', { username, password, passphrase });
/** listBackups lists the copies of the data file, newest first: {name, kind, time, size}. Works before log-in. */
export const listBackups = () => call('ListBackups');
/** restoreBackup puts a backup in place of the data file (before log-in); {replaced} names the copy that undoes it. @param {string} name */
export const restoreBackup = (name) => call('RestoreBackup', name);
/** salvageDataFile copies what reads of a damaged data file into a new one (before log-in); {report, replaced}. */
export const salvageDataFile = () => call('SalvageDataFile');
/** exportRoom saves a room's transcript through the OS save dialog. @param {string} roomId @param {'markdown'|'json'} format */
export const exportRoom = (roomId, format) => call('ExportRoom', roomId, format);
/** TRANSFER_PROGRESS carries {phase, done, total} while an account is exported or imported. */
export const TRANSFER_PROGRESS = 'transfer:progress';

/**
 * roomInput keeps only the RoomInput fields, so a Room or summary can be passed straight in.
 * @param {Record<string, any>} r
 */
export function roomInput(r) {
  return {
    title: String(r.title ?? ''),
    language: String(r.language ?? ''),
    level: String(r.level ?? ''),
    situation: String(r.situation ?? ''),
    myRole: String(r.myRole ?? ''),
    aiRole: String(r.aiRole ?? ''),
    goal: String(r.goal ?? ''),
    formality: String(r.formality ?? ''),
    presetId: String(r.presetId ?? ''),
  };
}

// Chat
/** @param {string} roomId @param {number} beforeId @param {number} limit */
export const listMessages = (roomId, beforeId = 0, limit = 30) =>
  call('ListMessages', roomId, beforeId, limit);
/**
 * The page of a room around one message (a search result): about half before it, the rest after.
 * @param {string} roomId @param {number} messageId @param {number} limit
 */
export const listMessagesAround = (roomId, messageId, limit = 30) =>
  call('ListMessagesAround', roomId, messageId, limit);
/**
 * Search every message of the logged-in learner; an empty query only builds the index.
 * @param {{query: string, language?: string, limit?: number}} req
 */
export const searchMessages = (req) =>
  call('SearchMessages', { query: String(req.query ?? ''), language: String(req.language ?? ''), limit: Number(req.limit ?? 0) });
/** @param {string} roomId */
export const openScene = (roomId) => call('OpenScene', roomId);
/** @param {string} roomId @param {string} text */
export const sendMessage = (roomId, text) => call('SendMessage', roomId, text);
/** @param {string} roomId */
export const stopReply = (roomId) => call('StopReply', roomId);
/** @param {string} roomId */
export const retryReply = (roomId) => call('RetryReply', roomId);
/** @param {string} roomId */
export const regenerateReply = (roomId) => call('RegenerateReply', roomId);
/** @param {string} roomId @param {string} text */
export const editLastMessage = (roomId, text) => call('EditLastMessage', roomId, text);
/** @param {string} roomId @param {number} messageId @param {number} index */
export const selectAlternative = (roomId, messageId, index) =>
  call('SelectAlternative', roomId, messageId, index);
/** @param {string} callId see cancellable() @param {string} roomId */
export const suggestReply = (callId, roomId) => call('SuggestReply', callId, roomId);
/** @param {string} callId see cancellable() @param {string} roomId @param {string} language → the scene in that language */
export const translateScene = (callId, roomId, language) => call('TranslateScene', callId, roomId, language);
/** @param {string} roomId */
export const roomUsage = (roomId) => call('RoomUsage', roomId);
/** usageReport is tokens and estimated cost per month (newest first) and model. */
export const usageReport = () => call('UsageReport');

// Coach: feedback on the learner's lines, goals, the room's coach mode.
/** @param {string} roomId */
export const roomCoaching = (roomId) => call('RoomCoaching', roomId);
/** @param {string} roomId @param {string} mode on, request or off */
export const setCoachMode = (roomId, mode) => call('SetCoachMode', roomId, mode);
/** showingLanguage tells the coach the UI's language, for a setting that follows the OS. @param {string} lang */
export const showingLanguage = (lang) => call('ShowingLanguage', lang);
/** @param {string} roomId @param {number} messageId */
export const checkLine = (roomId, messageId) => call('CheckLine', roomId, messageId);
/** @param {string} callId see cancellable() @param {string} roomId */
export const hintLadder = (callId, roomId) => call('HintLadder', callId, roomId);
/** @param {string} roomId @param {number} rung 1 to 4 */
export const hintRungReached = (roomId, rung) => call('HintRungReached', roomId, rung);
/** @param {string} callId @param {string} roomId @param {number} messageId */
export const translateMessage = (callId, roomId, messageId) => call('TranslateMessage', callId, roomId, messageId);
/** @param {string} callId @param {string} roomId @param {string} text what the learner wants to say, in any language */
export const howDoISay = (callId, roomId, text) => call('HowDoISay', callId, roomId, text);
/** @param {string} callId @param {string} roomId */
export const endSession = (callId, roomId) => call('EndSession', callId, roomId);
/** @param {string} roomId */
export const listDebriefs = (roomId) => call('ListDebriefs', roomId);
/** exportDebrief asks where to save the debrief as Markdown; resolves the path, or '' if the learner cancelled. @param {string} roomId @param {number} debriefId */
export const exportDebrief = (roomId, debriefId) => call('ExportDebrief', roomId, debriefId);
/** Event names emitted by the coach. */
export const COACH_EVENTS = Object.freeze({ feedback: 'coach:feedback', goals: 'coach:goals' });

// Speech: each returns a Clip {dataUrl, cached}; callId lets Stop cancel a fetch under way.
/** @param {string} roomId @param {number} messageId @param {number} speed 1 or 0.75 @param {string} [callId] */
export const speakMessage = (roomId, messageId, speed, callId = newCallId()) =>
  call('SpeakMessage', callId, roomId, messageId, speed);
/** @param {string} text @param {number} speed @param {string} [callId] */
export const speakText = (text, speed, callId = newCallId()) => call('SpeakText', callId, text, speed);
export const speechCacheInfo = () => call('SpeechCacheInfo');
export const clearSpeechCache = () => call('ClearSpeechCache');

/**
 * lookupWord explains a tapped word: {word, reading, dictionaryForm, meaning, note, cached}.
 * @param {{word?: string, sentence?: string, language?: string, uiLanguage?: string}} req
 * @param {string} [callId]
 */
export const lookupWord = (req, callId = newCallId()) => call('LookupWord', callId, {
  word: req.word ?? '', sentence: req.sentence ?? '', language: req.language ?? '', uiLanguage: req.uiLanguage ?? '',
});

/**
 * readingAids returns, per text, its segments [{text, reading}] (furigana for ja, romanisation for ko).
 * @param {string} language @param {Iterable<string>} texts
 */
export const readingAids = (language, texts) => call('ReadingAids', language, [...texts]);

/**
 * progress returns the practice per language, days counted in the given IANA time zone.
 * @param {string} [timeZone]
 */
export const progress = (timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC') => call('Progress', timeZone);

// Phrasebook: phrases with their FSRS card; export returns {name, content, count}.
/** @param {Record<string, any>} p */
export const phraseInput = (p) => ({
  text: p.text ?? '', meaning: p.meaning ?? '', reading: p.reading ?? '', note: p.note ?? '',
  context: p.context ?? '', language: p.language ?? '', roomId: p.roomId ?? '', source: p.source ?? '',
});
/** savePhrase is what tap-a-word, corrections, hints and the debrief call. @param {Record<string, any>} input */
export const savePhrase = (input) => call('SavePhrase', phraseInput(input));
/** @param {number} id @param {Record<string, any>} input */
export const updatePhrase = (id, input) => call('UpdatePhrase', id, phraseInput(input));
/** @param {Iterable<number>} ids */
export const deletePhrases = (ids) => call('DeletePhrases', [...ids]);
/** @param {string} [search] @param {string} [language] */
export const listPhrases = (search = '', language = '') => call('ListPhrases', { search, language });
/** @param {number} [limit] 0 for all */
export const duePhrases = (limit = 0) => call('DuePhrases', limit);
/** @param {number} id @param {number} rating 1 Again, 2 Hard, 3 Good, 4 Easy */
export const ratePhrase = (id, rating) => call('RatePhrase', id, rating);
/** @param {string} format anki or csv @param {string} [language] "" for all */
export const exportPhrasebook = (format, language = '') => call('ExportPhrasebook', format, language);
/**
 * savePhrasebookExport opens the OS save dialog; resolves with the path, or "" if canceled.
 * @param {string} format @param {string} [language]
 */
export const savePhrasebookExport = (format, language = '') => call('SavePhrasebookExport', format, language);

// Cancellable calls: Suggest, Test connection and Load models run on a context of their own in
// Go, named by an id the page picks, so the learner can end them early.
/** @param {string} callId */
export const cancelCall = (callId) => call('CancelCall', callId);

// A random part per page load keeps ids unique across reloads while Go may still run an old call.
const callPrefix = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, '0')).join('');
let callSeq = 0;

/** newCallId names one cancellable call (Go accepts up to 64 characters; these stay under 24). */
export function newCallId() {
  callSeq += 1;
  return `${callPrefix}-${callSeq}`;
}

/**
 * cancellable starts a call the learner can cancel: start(callId) makes it. cancel() asks Go to
 * end it, and the promise then rejects with llm.canceled (see isCanceled); once the call has
 * ended, cancel() does nothing.
 * @template T
 * @param {(callId: string) => Promise<T>} start
 * @returns {{id: string, promise: Promise<T>, cancel: () => Promise<void>}}
 */
export function cancellable(start) {
  const id = newCallId();
  let settled = false;
  const promise = start(id);
  promise.then(() => { settled = true; }, () => { settled = true; });
  const cancel = async () => {
    if (settled) return;
    try {
      await cancelCall(id);
    } catch {
      // The call ended on its own meanwhile, or the session is gone: nothing is left to cancel.
    }
  };
  return { id, promise, cancel };
}

/**
 * isCanceled tells a call the learner cancelled (or that leaving ended): not an error to show.
 * @param {unknown} err
 */
export function isCanceled(err) {
  return normaliseError(err).code === 'llm.canceled';
}

// Speaking: push-to-talk and shadowing (see speak.js).
/** speechCapture: {native, os}; native means Go records, otherwise the web view does. */
export const speechCapture = () => call('SpeechCapture');
export const getSpeakSettings = () => call('GetSpeakSettings');
/** @param {string} transcriptionModel "" for the default */
export const saveSpeakSettings = (transcriptionModel) => call('SaveSpeakSettings', transcriptionModel);
/** @param {string} roomId @param {boolean} on */
export const setSendAtOnce = (roomId, on) => call('SetSendAtOnce', roomId, Boolean(on));
export const startRecording = () => call('StartRecording');
/** Runs as call recordingId: cancelCall(recordingId) drops a transcription under way. @param {string} roomId @param {string} recordingId */
export const stopRecording = (roomId, recordingId) => call('StopRecording', roomId, recordingId);
/** @param {string} recordingId */
export const cancelRecording = (recordingId) => call('CancelRecording', recordingId);
/** @param {string} callId @param {string} roomId @param {{mimeType: string, base64: string, durationMs: number}} upload */
export const transcribeUpload = (callId, roomId, upload) =>
  call('TranscribeUpload', callId, roomId, { mimeType: upload.mimeType, base64: upload.base64, durationMs: upload.durationMs });
/** @param {string} roomId @param {number} messageId @param {string} takeId */
export const keepTake = (roomId, messageId, takeId) => call('KeepTake', roomId, messageId, takeId);
/** @param {string} roomId */
export const myTakes = (roomId) => call('MyTakes', roomId);
/** @param {string} roomId @param {number} messageId */
export const playTake = (roomId, messageId) => call('PlayTake', roomId, messageId);
/** @param {string} roomId @param {number} messageId @param {string} said */
export const compareLine = (roomId, messageId, said) => call('CompareLine', roomId, messageId, said);
/** Events of a recording under way: level every 50 ms ({id, level, ms}); limit at 60 s ({id}). */
export const SPEAK_EVENTS = Object.freeze({ level: 'speak:level', limit: 'speak:limit' });

// Misc
/** @param {string} url */
export const openExternal = (url) => call('OpenExternal', url);
export const appInfo = () => call('AppInfo');
/**
 * setWindowTheme has the window's native parts (title bar, tooltips, drop-down menus) follow the
 * theme. @param {string} preference light|dark|system @param {boolean} dark what it resolves to
 */
export const setWindowTheme = (preference, dark) => call('SetWindowTheme', preference, dark);
/**
 * checkForUpdates compares this version with the newest release (the learner clicked Check now):
 * {current, latest, url, newer, dev, checked}. Nothing is downloaded. @param {string} callId see cancellable()
 */
export const checkForUpdates = (callId) => call('CheckForUpdates', callId);
/** checkForUpdatesAtStart checks only when the learner turned it on, once per start; else checked is false. @param {string} callId */
export const checkForUpdatesAtStart = (callId) => call('CheckForUpdatesAtStart', callId);
/** limits: what Go accepts (levels, languages, formalities, maximum lengths); see limits.js. */
export const limits = () => call('Limits');

/** Event names emitted by the chat service. */
export const EVENTS = Object.freeze({ delta: 'chat:delta', done: 'chat:done', error: 'chat:error' });

/**
 * on subscribes to a Wails event and returns an unsubscribe function. Wails 2.11's EventsOn
 * returns its own canceller; EventsOff(name) is the fallback for older runtimes.
 * @param {string} name
 * @param {(payload: any) => void} cb
 * @returns {() => void}
 */
export function on(name, cb) {
  const rt = runtime();
  if (!rt || typeof rt.EventsOn !== 'function') {
    throw new AppError({ code: 'internal', message: 'the event runtime is missing' });
  }
  const cancel = rt.EventsOn(name, cb);
  return typeof cancel === 'function' ? cancel : () => rt.EventsOff(name);
}

/**
 * copyText puts text on the clipboard, through the web API or the Wails runtime.
 * @param {string} text
 */
export async function copyText(text) {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // WebKitGTK may refuse the async clipboard outside a user gesture: use the runtime.
  }
  if (typeof runtime()?.ClipboardSetText === 'function') {
    return Boolean(await runtime().ClipboardSetText(text));
  }
  return false;
}
