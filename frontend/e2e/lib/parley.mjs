// Shortcuts for the e2e tests: set-up through the bound API where the journey
// is not the point (sign-up, settings, rooms), the fake's control routes, and
// reading the conversation the way a user sees it (bubbles in the DOM).
import en from '../../src/i18n/en.js';
import ko from '../../src/i18n/ko.js';
import ja from '../../src/i18n/ja.js';

/** The UI catalogues, so tests assert the sentence the user reads without copying it. */
export const catalogues = { en, ko, ja };

export const PASSWORD = 'correct horse battery staple';
export const API_KEY = 'sk-e2e-test-key-4321';

/** Calls a bound Go method; resolves {ok, value} or {ok:false, code, field}. */
export const call = (page, method, ...args) => page.evaluate(async ([m, a]) => {
  try { return { ok: true, value: await window.go.main.App[m](...a) }; }
  catch (e) { return { ok: false, code: e && e.code, field: e && e.field, message: String(e && (e.message || e)) }; }
}, [method, args]);

/** Calls a bound Go method and returns its value, or throws with the code. */
export async function must(page, method, ...args) {
  const r = await call(page, method, ...args);
  if (!r.ok) throw new Error(`${method} failed: ${r.code} ${r.field || ''} ${r.message || ''}`);
  return r.value;
}

/** Settings that point the app at the fake, with a key and a fixed model. */
export function fakeSettings(s, extra = {}) {
  return {
    apiKey: API_KEY, clearKey: false, baseUrl: s.fake.baseURL, model: 'gpt-4o-mini', temperature: 0.7,
    proxyUrl: '', uiLanguage: 'en', theme: 'system', ...extra,
  };
}

/**
 * Signs a user up through the API (logging out whoever is in), points their
 * settings at the fake (settings: null keeps a new user's defaults: no key)
 * and reloads, so the UI starts logged in with them.
 */
export async function enterAs(page, s, username, { settings = {}, rooms = [] } = {}) {
  await call(page, 'LogOut');
  await must(page, 'SignUp', { username, password: PASSWORD, displayName: username[0].toUpperCase() + username.slice(1) });
  if (settings !== null) await must(page, 'SaveSettings', fakeSettings(s, settings));
  const created = [];
  for (const r of rooms) created.push(await must(page, 'CreateRoom', roomInput(r)));
  await reloadApp(page);
  await page.getByTestId('sidebar').waitFor({ state: 'attached', timeout: 15000 }); // folded away on narrow windows
  return created;
}

/** Logs whoever is in out and shows the log-in screen. */
export async function enterLoggedOut(page) {
  await call(page, 'LogOut');
  await reloadApp(page);
  await page.getByTestId('login-form').waitFor();
}

/** Reloads the page and waits for the Go bridge again. */
export async function reloadApp(page) {
  await page.reload();
  await page.waitForFunction(() => window.go && window.go.main && window.go.main.App, null, { timeout: 20000 });
}

/** An English café room unless overridden. */
export function roomInput(over = {}) {
  return {
    title: 'Morning coffee', language: 'en', level: 'A2',
    situation: 'You order a drink at a busy café in the morning.',
    myRole: 'Customer', aiRole: 'Barista', goal: '', formality: '', presetId: '', ...over,
  };
}

/** Opens a room from the sidebar by its id and waits for its conversation to load. */
export async function openRoom(page, id) {
  await page.locator(`[data-testid=room-item][data-room-id="${id}"] .room-link`).click();
  await page.getByTestId('chat-view').waitFor();
  await page.locator('[data-testid=messages]').waitFor({ timeout: 15000 });
}

// --- the fake ---

export const resetFake = (s) => s.fake.control('/_control/reset', {});
export const script = (s, ...behaviours) => s.fake.control('/_control/script', behaviours);
export const setDefault = (s, behaviour) => s.fake.control('/_control/default', behaviour);
/** The chat completion requests the fake received, oldest first. */
export async function chatRequests(s) {
  return (await s.fake.control('/_control/requests')).filter((r) => r.endpoint === 'chat');
}

/**
 * A scripted reply whose text reaches the UI a pause before chat:done. The Wails dev
 * server the e2e suite drives sends every event from its own goroutine, so a final
 * chat:delta emitted just before chat:done can overtake it on the websocket (the
 * desktop build delivers them in order). The UI keeps a finished reply's text, but a
 * late delta still marks its room as streaming in the sidebar until the next event;
 * a trailing empty token (which emits no delta) keeps the events apart, so tests
 * that assert exact final screens are not at the mercy of goroutine scheduling.
 */
export function reply(text, { tokenDelayMs = 30, whole = true, ...rest } = {}) {
  return { tokens: [...(whole ? [text] : splitTokens(text)), ''], tokenDelayMs, ...rest };
}

/** Splits text the way the fake streams it (fakeopenai.SplitTokens), for asserting partial replies. */
export function splitTokens(text) {
  const out = [];
  while (text.length > 0) {
    let end = text.indexOf(' ', 1);
    if (end < 0) end = text.length;
    let word = text.slice(0, end);
    text = text.slice(end);
    while ([...word].length > 8) {
      const runes = [...word];
      out.push(runes.slice(0, 4).join(''));
      word = runes.slice(4).join('');
    }
    out.push(word);
  }
  return out;
}

// --- the conversation as shown ---

/** Every message bubble: {id, role, status, text, note}. */
export function bubbles(page) {
  return page.$$eval('[data-testid=message]', (els) => els.map((el) => ({
    id: Number(el.dataset.id),
    role: el.dataset.role,
    status: el.dataset.status,
    text: (el.querySelector('.bubble .text')?.textContent ?? '').trim(),
    note: (el.querySelector('.msg-note')?.textContent ?? '').trim(),
  })));
}

/**
 * Waits until the conversation ends with an assistant bubble in the status (so a
 * line just sent is answered, not the reply before it) and returns that bubble.
 */
export async function waitForLastReply(page, status, timeout = 15000) {
  await page.waitForFunction((st) => {
    const all = document.querySelectorAll('[data-testid=message]');
    const last = all[all.length - 1];
    return last && last.dataset.role === 'assistant' && last.dataset.status === st;
  }, status, { timeout });
  const list = await bubbles(page);
  return list.filter((b) => b.role === 'assistant').at(-1);
}

/** Waits until the learner's line is shown and answered by a last reply in the status; returns the reply. */
export async function waitForReplyTo(page, line, status = 'done', timeout = 15000) {
  await page.waitForFunction(([text, st]) => {
    const all = [...document.querySelectorAll('[data-testid=message]')];
    const last = all[all.length - 1];
    const prev = all[all.length - 2];
    return last && prev && last.dataset.role === 'assistant' && last.dataset.status === st
      && prev.dataset.role === 'user' && prev.querySelector('.text')?.textContent.trim() === text;
  }, [line, status], { timeout });
  return (await bubbles(page)).at(-1);
}

/** Types a line into the composer and sends it with the Send button. */
export async function sendLine(page, text) {
  await page.getByTestId('composer').fill(text);
  await page.getByTestId('send').click();
  await page.locator('[data-testid=message][data-role=user]', { hasText: text }).last().waitFor();
}
