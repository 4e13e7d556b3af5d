// An in-memory stand-in for the Go side: window.go.main.App with every bound method of the
// contract, and window.runtime's EventsOn/EventsOff/EventsEmit. Unit tests install it and
// replace single methods where they need a failure; the preview page uses it as is to show
// every screen without Go. It has no imports so it can be served to a browser unchanged.

const PRESETS = [
  {
    id: 'cafe', emoji: '☕',
    titles: { ko: '카페에서 주문하기', en: 'Ordering at a café', ja: 'カフェで注文' },
    situations: { ko: '붐비는 카페에서 음료를 주문합니다.', en: 'You order a drink in a busy café.', ja: '混んでいるカフェで飲み物を注文します。' },
    myRoles: { ko: '손님', en: 'Customer', ja: '客' },
    aiRoles: { ko: '바리스타', en: 'Barista', ja: 'バリスタ' },
    goals: { ko: '사이즈와 옵션을 말하기', en: 'Say the size and options', ja: 'サイズとオプションを伝える' },
  },
  {
    id: 'hotel', emoji: '🏨',
    titles: { ko: '호텔 체크인', en: 'Hotel check-in', ja: 'ホテルのチェックイン' },
    situations: { ko: '늦은 밤 호텔에 도착해 체크인합니다.', en: 'You arrive late at night and check in.', ja: '夜遅くにホテルに着いてチェックインします。' },
    myRoles: { ko: '투숙객', en: 'Guest', ja: '宿泊客' },
    aiRoles: { ko: '프런트 직원', en: 'Receptionist', ja: 'フロント係' },
    goals: { ko: '', en: '', ja: '' },
  },
];

function coded(code, field = '', message = code) {
  return { code, field, message };
}

/** LIMITS is what Go's Limits() answers: the single source of the room fields' choices and sizes. */
export const LIMITS = Object.freeze({
  levels: ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'],
  languages: ['ko', 'en', 'ja'],
  formalities: ['', 'polite', 'casual'],
  maxTitle: 80,
  maxSituation: 500,
  maxRole: 100,
  maxGoal: 200,
  maxMessage: 2000,
  previewLen: 120,
});

/** shortPreview is Go's room-list preview: one line, at most previewLen characters (runes). */
function shortPreview(text) {
  const line = String(text ?? '').replace(/\s+/g, ' ').trim();
  const runes = [...line];
  return runes.length > LIMITS.previewLen ? `${runes.slice(0, LIMITS.previewLen - 1).join('')}…` : line;
}

/**
 * createFakeBackend returns {app, runtime, state, emit, calls, release}. Every method records its
 * call in `calls` ([method, args]) and rejects like Wails does: with {code, field, message}.
 * Suggest, Test connection and Load models are cancellable calls as in Go: named by a callID,
 * ended by CancelCall(callID) with llm.canceled. With state.holdCalls they wait for release().
 */
export function createFakeBackend({ replyText = 'Hello! **Welcome** in.', deltaMs = 30, seed = true } = {}) {
  const listeners = new Map();
  const calls = [];
  const now = () => new Date().toISOString();
  const state = {
    users: new Map(), // username -> {user, password, recoveryCode}
    canCheckUpdates: true,
    release: { current: 'v1.2.0', latest: 'v1.3.0', url: 'https://example.org/releases/v1.3.0', code: '' },
    releaseRequests: 0,
    checkedAtStart: false,
    session: null,
    settings: { hasKey: false, keyLast4: '', baseUrl: '', model: 'gpt-4o-mini', temperature: 0.7, proxyUrl: '', uiLanguage: '', theme: 'system',
      explainLanguage: '', practiceLanguage: '', practiceLevel: '', showTokens: false, roomSort: '', checkUpdates: false,

      speech: { model: 'tts-1', voice: 'alloy', baseUrl: '', hasKey: false, keyLast4: '' } },
    speechCache: new Map(), // text|speed -> bytes
    rooms: [],
    usageReport: { currentMonth: '2026-11', months: [] },
    pinned: [],
    messages: new Map(), // roomId -> Message[]
    trash: [],
    damage: { rooms: 0, conversations: 0 }, // what DataDamage reports
    files: [], // account exports "saved" by ExportAccount
    roomExports: [], // room transcripts "saved" by ExportRoom
    backups: [], // {name, kind, time, size}, newest first, as ListBackups lists them
    corrupt: false, // true: the data file is damaged until a backup is restored
    seq: 0,
    roomSeq: 0,
    streams: new Map(), // roomId -> timer
    running: new Map(), // callID -> cancel() of a cancellable call still running
    holdCalls: false, // true: cancellable calls wait for release() (or CancelCall)
    held: [],
    // Push-to-talk: Go records here (native), the level ticks every 50 ms, and the transcript is
    // `transcript` (or the failure `speakFail`, an apperr code).
    capture: { native: true, os: 'linux' },
    recording: null, // {id, timer, ms}
    transcript: '아메리카노 한 잔 주세요',
    speakFail: '',
    sendAtOnce: [],
    takes: new Map(), // `${roomId}/${messageId}` -> data URL
    pendingTakes: new Map(),
  };

  /** cancellable runs work() as Go runs a cancellable call: until it ends or CancelCall(callID). */
  function releaseCheck() {
    state.releaseRequests++;
    if (state.release.code) throw coded(state.release.code);
    const { current, latest, url } = state.release;
    return { current, latest, url, newer: latest !== current && current !== 'dev', dev: current === 'dev', checked: true };
  }

  function cancellable(callID, work) {
    if (typeof callID !== 'string' || !callID || callID.length > 64 || state.running.has(callID)) {
      return Promise.reject(coded('input.invalid', 'callId'));
    }
    return new Promise((resolve, reject) => {
      const finish = (fn, v) => {
        if (!state.running.has(callID)) return;
        state.running.delete(callID);
        fn(v);
      };
      state.running.set(callID, () => finish(reject, coded('llm.canceled', '', 'canceled')));
      const run = () => Promise.resolve().then(work).then((v) => finish(resolve, v), (e) => finish(reject, e));
      if (state.holdCalls) state.held.push(run);
      else run();
    });
  }

  /** release lets the held cancellable calls finish. */
  function release() {
    state.held.splice(0).forEach((run) => run());
  }

  function emit(name, payload) {
    for (const cb of listeners.get(name) ?? []) cb(payload);
  }

  const runtime = {
    EventsOn(name, cb) {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name).add(cb);
      return () => listeners.get(name)?.delete(cb);
    },
    EventsOff(name) {
      listeners.delete(name);
    },
    EventsEmit: emit,
    ClipboardSetText: async () => true,
  };

  function needSession() {
    if (!state.session) throw coded('auth.required');
  }
  function findRoom(id) {
    const r = state.rooms.find((x) => x.id === id);
    if (!r) throw coded('room.not_found');
    return r;
  }
  function summary(r) {
    const ms = state.messages.get(r.id) ?? [];
    const last = ms[ms.length - 1];
    return { ...r, preview: shortPreview(last?.text), previewRole: last?.role ?? '', messageCount: ms.length, streaming: state.streams.has(r.id) };
  }
  function roomErrors(input) {
    const errs = [];
    if (!['ko', 'en', 'ja'].includes(input.language)) errs.push(coded('input.invalid', 'language'));
    for (const f of ['situation', 'myRole', 'aiRole']) if (!String(input[f] ?? '').trim()) errs.push(coded('input.required', f));
    return errs;
  }
  function validateRoom(input) {
    const errs = roomErrors(input);
    if (errs.length) throw errs[0];
  }

  function stream(roomId, reply, text) {
    let i = 0;
    const parts = text.match(/.{1,4}/gsu) ?? [];
    const tick = () => {
      if (i >= parts.length) {
        state.streams.delete(roomId);
        reply.status = 'done';
        const room = state.rooms.find((x) => x.id === roomId);
        if (room) room.lastActivityAt = now();
        if (reply.alternatives) {
          reply.alternatives = [...reply.alternatives, reply.text];
          reply.activeAlt = reply.alternatives.length - 1;
        }
        emit('chat:done', { roomId, reply: { ...reply } });
        return;
      }
      reply.text += parts[i];
      emit('chat:delta', { roomId, replyId: reply.id, delta: parts[i] });
      i += 1;
      state.streams.set(roomId, setTimeout(tick, deltaMs));
    };
    state.streams.set(roomId, setTimeout(tick, deltaMs));
  }

  function startReply(roomId, text, existing) {
    const ms = state.messages.get(roomId);
    const reply = existing ?? { id: ++state.seq, role: 'assistant', text: '', status: 'streaming', createdAt: now() };
    reply.text = '';
    reply.status = 'streaming';
    if (!existing) ms.push(reply);
    stream(roomId, reply, text);
    return reply;
  }

  const app = {
    async SignUp({ username, password, displayName }) {
      if (!username) throw coded('input.required', 'username');
      if (state.users.has(username)) throw coded('auth.username_taken', 'username');
      if (!password || password.length < 8) throw coded('auth.weak_password', 'password');
      const user = { id: `u${state.users.size + 1}`, username, displayName: displayName || username, createdAt: now() };
      const recoveryCode = 'ABCD-EFGH-JKLM-NPQR';
      state.users.set(username, { user, password, recoveryCode });
      state.session = user;
      return { user, recoveryCode };
    },
    async LogIn({ username, password }) {
      const u = state.users.get(username);
      if (!u || u.password !== password) throw coded('auth.bad_credentials');
      state.session = u.user;
      return u.user;
    },
    async LogOut() {
      state.session = null;
      [...state.running.values()].forEach((cancel) => cancel());
    },
    async ListBackups() { return state.backups.map((b) => ({ ...b })); },
    async RestoreBackup(name) {
      if (state.session) throw coded('auth.already_logged_in');
      const b = state.backups.find((x) => x.name === name);
      if (!b) throw coded('input.invalid', 'name');
      const replaced = `replaced-${state.backups.length}.db`;
      // The copy made of the current file remembers whether it was damaged; a backup is not.
      state.backups.unshift({ name: replaced, kind: 'replaced', time: now(), size: 4096, corrupt: state.corrupt });
      state.corrupt = Boolean(b.corrupt);
      return { replaced };
    },
    async SalvageDataFile() {
      if (state.session) throw coded('auth.already_logged_in');
      const replaced = `replaced-${state.backups.length}.db`;
      state.backups.unshift({ name: replaced, kind: 'replaced', time: now(), size: 4096, corrupt: state.corrupt });
      state.corrupt = false;
      return { replaced, report: { done: true, accounts: 1, values: 1194, buckets: 26, lostValues: 0, lostParts: 1, lostIn: { msgs: 1 } } };
    },
    async WhoAmI() {
      if (state.corrupt) throw coded('store.corrupt');
      return { loggedIn: Boolean(state.session), user: state.session };
    },
    async ChangePassword({ current, next }) {
      needSession();
      const u = state.users.get(state.session.username);
      if (u.password !== current) throw coded('auth.bad_credentials', 'current');
      if (!next || next.length < 8) throw coded('auth.weak_password', 'next');
      u.password = next;
    },
    async ChangeDisplayName(name) {
      needSession();
      if ([...name].length > 64) throw coded('input.too_long', 'displayName');
      const u = state.users.get(state.session.username);
      u.user = { ...u.user, displayName: name.trim() || u.user.username };
      state.session = u.user;
      return { ...u.user };
    },
    async DeleteAccount(password) {
      needSession();
      const u = state.users.get(state.session.username);
      if (u.password !== password) throw coded('auth.bad_credentials', 'password');
      state.users.delete(state.session.username);
      state.session = null;
    },
    async RecoverAccount({ username, recoveryCode, newPassword }) {
      const u = state.users.get(username);
      if (!u || u.recoveryCode !== recoveryCode) throw coded('auth.bad_recovery_code', 'recoveryCode');
      u.password = newPassword;
      u.recoveryCode = 'WXYZ-2345-6789-ABCD';
      state.session = u.user;
      return { user: u.user, recoveryCode: u.recoveryCode };
    },
    async GetSettings() { needSession(); return { ...state.settings }; },
    async SaveSettings(req) {
      needSession();
      const s = state.settings;
      if (req.baseUrl && !/^https?:\/\//.test(req.baseUrl)) throw coded('input.invalid', 'baseUrl');
      if (req.apiKey) Object.assign(s, { hasKey: true, keyLast4: req.apiKey.slice(-4) });
      if (req.clearKey) Object.assign(s, { hasKey: false, keyLast4: '' });
      Object.assign(s, { baseUrl: req.baseUrl, model: req.model, temperature: req.temperature, proxyUrl: req.proxyUrl, uiLanguage: req.uiLanguage, theme: req.theme,
        explainLanguage: req.explainLanguage, practiceLanguage: req.practiceLanguage, practiceLevel: req.practiceLevel, showTokens: req.showTokens,
        roomSort: req.roomSort, checkUpdates: req.checkUpdates });
      if (req.speechBaseUrl && !/^https?:\/\//.test(req.speechBaseUrl)) throw coded('input.invalid', 'speech.baseUrl');
      s.speech = { ...s.speech, model: req.speechModel || 'tts-1', voice: req.speechVoice || 'alloy', baseUrl: req.speechBaseUrl ?? '' };
      if (req.speechApiKey) Object.assign(s.speech, { hasKey: true, keyLast4: req.speechApiKey.slice(-4) });
      if (req.clearSpeechKey) Object.assign(s.speech, { hasKey: false, keyLast4: '' });
      return { ...s, speech: { ...s.speech } };
    },
    // Like Go, these try the typed form without saving it: a blank key means the stored one.
    async TestConnection(callID, up) {
      needSession();
      return cancellable(callID, () => {
        const key = up?.clearKey ? '' : up?.apiKey || (state.settings.hasKey ? 'stored' : '');
        if (!key) return { ok: false, code: 'llm.no_key', message: 'no key', models: [], latencyMs: 0 };
        if (key.startsWith('sk-bad')) return { ok: false, code: 'llm.unauthorized', message: 'bad key', models: [], latencyMs: 0 };
        return { ok: true, code: '', message: '', models: ['gpt-4o-mini', 'gpt-4o'], latencyMs: 210 };
      });
    },
    async ListModels(callID, _up) { needSession(); return cancellable(callID, () => ['gpt-4o-mini', 'gpt-4o']); },
    async CancelCall(callID) {
      needSession();
      state.running.get(callID)?.();
    },
    async Limits() { return JSON.parse(JSON.stringify(LIMITS)); },
    // Speech: a tiny WAV of silence stands in for the audio; the cache is keyed like Go's.
    async SpeakMessage(callId, roomId, messageId, speed) {
      needSession();
      const m = (state.messages.get(roomId) ?? []).find((x) => x.id === messageId);
      if (!m) throw coded('message.not_found');
      return this.SpeakText(callId, m.text, speed);
    },
    async SpeakText(callId, text, speed) {
      needSession();
      const key = `${text}|${speed}`;
      const cached = state.speechCache.has(key);
      state.speechCache.set(key, 44);
      return { dataUrl: 'data:audio/wav;base64,UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=', cached };
    },
    async SpeechCacheInfo() {
      needSession();
      const n = state.speechCache.size;
      return { bytes: n * 44, capBytes: 16 << 20, clips: n, characters: 0, estimatedCostUsd: 0, costKnown: true };
    },
    async ClearSpeechCache() { needSession(); state.speechCache.clear(); },
    async ListRooms() {
      needSession();
      return state.rooms.map(summary).sort((a, b) => Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt));
    },
    async GetRoom(id) { needSession(); return { ...findRoom(id) }; },
    async CreateRoom(input) {
      needSession();
      validateRoom(input);
      const t = now();
      const preset = PRESETS.find((p) => p.id === input.presetId);
      const r = { ...input, id: `r${++state.roomSeq}`, title: input.title || preset?.titles[input.language] || input.situation.slice(0, 40), createdAt: t, updatedAt: t, lastActivityAt: t };
      state.rooms.push(r);
      state.messages.set(r.id, []);
      return { ...r };
    },
    async UpdateRoom(id, input) {
      needSession();
      validateRoom(input);
      const r = findRoom(id);
      Object.assign(r, input, { updatedAt: now() });
      return { ...r };
    },
    async ValidateRoom(input) { needSession(); return roomErrors(input); },
    async DeleteRooms(ids) {
      needSession();
      for (const id of ids) {
        const r = findRoom(id);
        state.rooms = state.rooms.filter((x) => x !== r);
        state.trash.push({ ...r, deletedAt: now() });
      }
    },
    async ListTrash() { needSession(); return state.trash.map(summary); },
    async PinnedRooms() { needSession(); return [...state.pinned]; },
    async PinRoom(id, pin) {
      needSession();
      if (![...state.rooms, ...state.trash].some((r) => r.id === id)) throw coded('room.not_found');
      state.pinned = [...(pin ? [id] : []), ...state.pinned.filter((x) => x !== id)];
      return [...state.pinned];
    },
    async DataDamage() { needSession(); return { ...state.damage }; },
    // Export files live in state.files (the "file chosen" in the dialog is the newest).
    async ExportAccount({ passphrase, includeKey }) {
      needSession();
      if (!passphrase || passphrase.length < 8) throw coded('input.too_short', 'passphrase');
      const rooms = state.rooms.map((r) => ({ ...r }));
      emit('transfer:progress', { phase: 'export', done: rooms.length, total: rooms.length });
      state.files.push({ passphrase, includeKey, rooms });
      return { saved: true, fileName: `parley-${state.session.username}.parley`, summary: { values: rooms.length, buckets: 1, unreadable: 0 } };
    },
    async ExportRoom(roomId, format) {
      needSession();
      const r = findRoom(roomId);
      state.roomExports.push({ room: { ...r }, format });
      return { saved: true, fileName: `${r.title}.${format === 'json' ? 'json' : 'md'}` };
    },
    async ImportAccount(passphrase) {
      needSession();
      const f = state.files.at(-1);
      if (!f) return { opened: false, report: null };
      if (f.passphrase !== passphrase) throw coded('transfer.bad_passphrase', 'passphrase');
      const report = { added: 0, same: 0, conflicts: 0, conflictsByBucket: {}, rooms: 0 };
      for (const r of f.rooms) {
        const have = state.rooms.find((x) => x.id === r.id);
        if (!have) { state.rooms.push({ ...r }); report.added++; report.rooms++; }
        else if (have.title === r.title) report.same++;
        else { report.conflicts++; report.conflictsByBucket.rooms = (report.conflictsByBucket.rooms ?? 0) + 1; }
      }
      return { opened: true, report };
    },
    async ImportNewAccount({ username, password, passphrase }) {
      const f = state.files.at(-1);
      if (!f) return { opened: false, account: null };
      if (f.passphrase !== passphrase) throw coded('transfer.bad_passphrase', 'passphrase');
      const res = await app.SignUp({ username, password, displayName: '' });
      state.rooms.push(...f.rooms.map((r) => ({ ...r })));
      return { opened: true, account: { ...res, report: { added: f.rooms.length, same: 0, conflicts: 0, conflictsByBucket: {}, rooms: f.rooms.length } } };
    },
    async RestoreRooms(ids) {
      needSession();
      for (const id of ids) {
        const r = state.trash.find((x) => x.id === id);
        if (!r) throw coded('room.not_found');
        state.trash = state.trash.filter((x) => x !== r);
        delete r.deletedAt;
        state.rooms.push(r);
      }
    },
    async EmptyTrash() { needSession(); state.trash = []; },
    async ListPresets() { return PRESETS; },
    async ListMessages(roomId, beforeId, limit) {
      needSession();
      findRoom(roomId);
      const all = state.messages.get(roomId) ?? [];
      const older = beforeId ? all.filter((m) => m.id < beforeId) : all;
      const page = older.slice(-limit);
      return { messages: page.map((m) => ({ ...m })), hasMore: older.length > page.length };
    },
    async OpenScene(roomId) {
      needSession();
      findRoom(roomId);
      if (!state.settings.hasKey) throw coded('llm.no_key');
      const reply = startReply(roomId, replyText);
      reply.opening = true;
      return { messageId: 0, replyId: reply.id };
    },
    async SendMessage(roomId, text) {
      needSession();
      const r = findRoom(roomId);
      if (!state.settings.hasKey) throw coded('llm.no_key');
      if (state.streams.has(roomId)) throw coded('room.busy');
      const msg = { id: ++state.seq, role: 'user', text, status: 'done', createdAt: now() };
      state.messages.get(roomId).push(msg);
      r.lastActivityAt = now();
      const reply = startReply(roomId, replyText);
      return { messageId: msg.id, replyId: reply.id };
    },
    async StopReply(roomId) {
      const timer = state.streams.get(roomId);
      if (!timer) return;
      clearTimeout(timer);
      state.streams.delete(roomId);
      const ms = state.messages.get(roomId);
      const reply = ms[ms.length - 1];
      reply.status = 'stopped';
      emit('chat:error', { roomId, replyId: reply.id, code: 'llm.canceled', message: 'stopped', reply: { ...reply } });
    },
    async RetryReply(roomId) {
      const ms = state.messages.get(roomId);
      const last = ms[ms.length - 1];
      if (!last || (last.role === 'assistant' && last.status === 'done')) throw coded('chat.nothing_to_retry');
      const reply = startReply(roomId, replyText, last.role === 'assistant' ? last : undefined);
      return { messageId: 0, replyId: reply.id };
    },
    async RegenerateReply(roomId) {
      const ms = state.messages.get(roomId);
      const last = ms[ms.length - 1];
      if (!last || last.role !== 'assistant') throw coded('chat.nothing_to_retry');
      last.alternatives = last.alternatives ?? [last.text];
      const reply = startReply(roomId, `${replyText} (again)`, last);
      return { messageId: 0, replyId: reply.id };
    },
    async EditLastMessage(roomId, text) {
      needSession();
      const ms = state.messages.get(roomId);
      if (ms.at(-1)?.role === 'assistant') ms.pop();
      const line = ms.at(-1);
      if (!line || line.role !== 'user') throw coded('message.not_found');
      line.text = text;
      const reply = startReply(roomId, replyText);
      return { messageId: line.id, replyId: reply.id };
    },
    async SelectAlternative(roomId, messageId, index) {
      const m = (state.messages.get(roomId) ?? []).find((x) => x.id === messageId);
      if (!m || !m.alternatives?.[index]) throw coded('message.not_found');
      m.activeAlt = index;
      m.text = m.alternatives[index];
      return { ...m };
    },
    async SuggestReply(callID, roomId) {
      needSession();
      findRoom(roomId);
      return cancellable(callID, () => 'Could I have a small latte, please?');
    },
    async HintLadder(callID, roomId) {
      needSession();
      findRoom(roomId);
      return cancellable(callID, () => ({ aim: 'Order a drink and say its size.', phrases: [{ text: 'small', meaning: 'the smallest size' }],
        starter: 'Could I have…', line: 'Could I have a small latte, please?', translation: 'Could I have a small latte, please?' }));
    },
    async HintRungReached(roomId, rung) { needSession(); findRoom(roomId); state.rungs = [...(state.rungs ?? []), rung]; },
    async RoomCoaching(roomId) { needSession(); findRoom(roomId); return { roomId, mode: 'on', goals: [], feedback: [], rungs: [] }; },
    async TranslateScene(callID, roomId, language) {
      needSession();
      const r = findRoom(roomId);
      return cancellable(callID, () => (r.language === language
        ? { language, situation: r.situation, myRole: r.myRole, aiRole: r.aiRole, goal: r.goal, original: true }
        : { language, situation: `[${language}] ${r.situation}`, myRole: `[${language}] ${r.myRole}`, aiRole: `[${language}] ${r.aiRole}`, goal: r.goal ? `[${language}] ${r.goal}` : '', original: false }));
    },
    async SpeechCapture() { return { ...state.capture }; },
    async GetSpeakSettings() { needSession(); return { transcriptionModel: 'whisper-1', sendAtOnce: [...state.sendAtOnce] }; },
    async SaveSpeakSettings(model) { needSession(); return { transcriptionModel: model || 'whisper-1', sendAtOnce: [...state.sendAtOnce] }; },
    async SetSendAtOnce(roomId, on) {
      needSession();
      state.sendAtOnce = state.sendAtOnce.filter((x) => x !== roomId).concat(on ? [roomId] : []);
      return { transcriptionModel: 'whisper-1', sendAtOnce: [...state.sendAtOnce] };
    },
    async StartRecording() {
      needSession();
      if (state.recording) throw coded('speak.busy');
      const rec = { id: `rec${++state.seq}`, ms: 0 };
      rec.timer = setInterval(() => {
        rec.ms += 50;
        emit('speak:level', { id: rec.id, level: 0.1, ms: rec.ms });
      }, 50);
      state.recording = rec;
      return { id: rec.id };
    },
    async StopRecording(roomId, id) {
      needSession();
      const rec = state.recording;
      if (!rec || rec.id !== id) throw coded('speak.not_recording');
      clearInterval(rec.timer);
      state.recording = null;
      findRoom(roomId);
      if (state.speakFail) throw coded(state.speakFail);
      const takeId = `take${rec.id}`;
      state.pendingTakes.set(takeId, 'data:audio/wav;base64,UklGRg==');
      return { text: state.transcript, takeId, durationMs: Math.max(rec.ms, 300), audioBytes: 44 + 32 * Math.max(rec.ms, 300) };
    },
    async CancelRecording(id) {
      needSession();
      if (!state.recording || state.recording.id !== id) throw coded('speak.not_recording');
      clearInterval(state.recording.timer);
      state.recording = null;
    },
    async TranscribeUpload(callID, roomId) {
      needSession();
      findRoom(roomId);
      return cancellable(callID, () => ({ text: state.transcript, takeId: 'upload', durationMs: 1000, audioBytes: 4000 }));
    },
    async KeepTake(roomId, messageId, takeId) {
      needSession();
      const url = state.pendingTakes.get(takeId);
      if (!url) throw coded('speak.not_recording');
      state.takes.set(`${roomId}/${messageId}`, url);
    },
    async MyTakes(roomId) {
      needSession();
      return [...state.takes.keys()].filter((k) => k.startsWith(`${roomId}/`)).map((k) => Number(k.split('/')[1]));
    },
    async PlayTake(roomId, messageId) {
      needSession();
      const url = state.takes.get(`${roomId}/${messageId}`);
      if (!url) throw coded('message.not_found');
      return { dataUrl: url };
    },
    async CompareLine(roomId, messageId, said) {
      needSession();
      const line = (state.messages.get(roomId) ?? []).find((m) => m.id === messageId);
      if (!line) throw coded('message.not_found');
      const a = line.text.split(/\s+/).filter(Boolean);
      const b = said.split(/\s+/).filter(Boolean);
      const words = a.map((w, i) => (b[i] === w ? { kind: 'same', expected: w, said: w } : b[i] ? { kind: 'changed', expected: w, said: b[i] } : { kind: 'missed', expected: w, said: '' }));
      const same = words.filter((w) => w.kind === 'same').length;
      return { words, same, total: a.length, line: line.text, heard: said, perfect: same === a.length && b.length === a.length };
    },
    async RoomUsage() { return { promptTokens: 0, completionTokens: 0, estimatedCostUsd: 0, costKnown: false }; },
    async UsageReport() { needSession(); return JSON.parse(JSON.stringify(state.usageReport)); },
    async OpenExternal(url) {
      if (!/^https?:\/\//i.test(url)) throw coded('link.not_allowed');
    },
    async SetWindowTheme(preference, dark) {
      if (!['light', 'dark', 'system'].includes(preference)) throw coded('input.invalid', 'theme');
      state.windowTheme = { preference, dark };
    },
    async AppInfo() { return { version: 'preview', dataPath: '/tmp/parley.db', canCheckUpdates: state.canCheckUpdates }; },
    // Like Go: Check now always asks; the check at start only when the setting is on, once.
    // state.release is what the release server says ({latest, url} or an error code).
    async CheckForUpdates(callID) {
      needSession();
      return cancellable(callID, () => releaseCheck());
    },
    async CheckForUpdatesAtStart(callID) {
      needSession();
      if (!state.settings.checkUpdates || state.checkedAtStart) return { current: '', latest: '', url: '', newer: false, dev: false, checked: false };
      state.checkedAtStart = true;
      return cancellable(callID, () => releaseCheck());
    },
  };

  // Record every call (after tests may have replaced a method, so wrap lazily via a Proxy).
  const recorded = new Proxy(app, {
    get(target, prop) {
      const v = target[prop];
      if (typeof v !== 'function') return v;
      return (...args) => {
        calls.push([prop, args]);
        return v.apply(target, args);
      };
    },
  });

  if (seed) {
    state.users.set('mina', { user: { id: 'u0', username: 'mina', displayName: 'Mina', createdAt: now() }, password: 'correct horse', recoveryCode: 'ABCD-EFGH-JKLM-NPQR' });
  }

  return { app, bridge: recorded, runtime, state, emit, calls, listeners, release };
}

/** installFakeBackend puts a fake on window as Wails would; returns the fake. */
export function installFakeBackend(win = window, opts) {
  const fake = createFakeBackend(opts);
  win.go = { main: { App: fake.bridge } };
  win.runtime = fake.runtime;
  return fake;
}
