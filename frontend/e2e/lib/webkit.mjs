// The e2e tests in WebKitGTK, the engine of the desktop app on Linux: Debian's
// WebKitWebDriver drives MiniBrowser (same WebKitGTK library as the app) over the
// W3C WebDriver HTTP protocol, spoken here with plain fetch. WebKitPage offers the
// small part of Playwright's Page and Locator API the tests use, with Playwright's
// meaning (auto-waiting, hasText filters, first/last), so one test code runs in
// both engines. What WebDriver cannot do (emulating the colour scheme, listening
// to the console) is marked by `page.engine === 'webkit'` and said where skipped.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';

/**
 * MiniBrowser of the WebKitGTK the app runs on. The 4.1 build comes first: Debian 12's
 * 4.0 MiniBrowser answers every input command (click, keys) with "unsupported operation",
 * while 4.1 is the same WebKit release (2.50.x) with only the libsoup3 API flavour changed.
 */
export function miniBrowser() {
  const candidates = [process.env.MINIBROWSER,
    '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
    '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.0/MiniBrowser'];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error('MiniBrowser not found: install libwebkit2gtk-4.0-37 (or set MINIBROWSER)');
  return found;
}

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const DEFAULT_TIMEOUT = 30000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Errors WebDriver reports while the page is between states; the action is retried. */
const TRANSIENT = new Set(['element click intercepted', 'element not interactable', 'stale element reference',
  'no such element', 'javascript error']);

class WebDriverError extends Error {
  constructor(status, value) {
    super(`WebDriver ${value?.error ?? status}: ${value?.message ?? ''}`);
    this.code = value?.error;
  }
}

/** A WebDriver session over HTTP. */
class Session {
  constructor(base, id) { this.base = base; this.id = id; }

  static async create(base, capabilities) {
    const r = await fetch(`${base}/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ capabilities }),
    });
    const body = await r.json();
    if (!r.ok) throw new WebDriverError(r.status, body.value);
    return new Session(base, body.value.sessionId);
  }

  async cmd(method, path, body, { timeoutMs } = {}) {
    // E2E_TRACE=1 prints every WebDriver command with its time (where a test hangs).
    if (process.env.E2E_TRACE) console.error(new Date().toISOString().slice(11, 23), method, path, JSON.stringify(body ?? '').slice(0, 160));
    const r = await fetch(`${this.base}/session/${this.id}${path}`, {
      method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
      signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
    });
    const out = await r.json();
    if (!r.ok) throw new WebDriverError(r.status, out.value);
    return out.value;
  }

  /** Runs fnSource(...args) in the page and returns its (awaited) result. */
  async run(fnSource, args = []) {
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (${fnSource})(...Array.prototype.slice.call(arguments, 0, -1)))
        .then((v) => done(v === undefined ? { undef: 1 } : { ok: v }), (e) => done({ err: String(e && (e.stack || e.message) || e) }));`;
    const v = await this.cmd('POST', '/execute/async', { script, args });
    if (v && 'err' in v) throw new Error(`in the page: ${v.err}`);
    // JSON has no undefined; the page says so apart, as Playwright keeps it.
    return v?.undef ? undefined : v?.ok;
  }

  delete() { return fetch(`${this.base}/session/${this.id}`, { method: 'DELETE' }).catch(() => {}); }
}

// Installed after every load (WebDriver has no "before the page's scripts" hook, so an error
// thrown while the app's module first runs is not seen here; it leaves no UI, which the tests
// notice anyway): keeps uncaught errors and console errors for the test to read.
const COLLECTOR = `() => {
  if (window.__e2e) return;
  const e2e = window.__e2e = { uncaught: [], log: [] };
  // WebKit's stack holds no message, only frames: the message goes first.
  const describe = (e, fallback) => (e ? String(e) + (e.stack ? ' at ' + e.stack : '') : fallback);
  window.addEventListener('error', (ev) => {
    const line = '[pageerror] ' + describe(ev.error, ev.message);
    e2e.uncaught.push(line); e2e.log.push(line);
  });
  window.addEventListener('unhandledrejection', (ev) => {
    const line = '[pageerror] Uncaught (in promise) ' + describe(ev.reason, String(ev.reason));
    e2e.uncaught.push(line); e2e.log.push(line);
  });
  for (const level of ['error', 'warn']) {
    const orig = console[level].bind(console);
    console[level] = (...a) => { e2e.log.push('[' + level + '] ' + a.map(String).join(' ')); orig(...a); };
  }
}`;

// Finds the elements of a locator chain: each step is {css, hasText} or {nth} or {text}.
const FIND = `(steps) => {
  const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim().toLowerCase();
  let els = [document];
  for (const st of steps) {
    if ('nth' in st) { const e = st.nth < 0 ? els[els.length + st.nth] : els[st.nth]; els = e ? [e] : []; continue; }
    let next = [];
    for (const root of els) {
      if ('text' in st) {
        const want = norm(st.text);
        const all = [...root.querySelectorAll('*')].filter((e) => norm(e.textContent).includes(want));
        next.push(...all.filter((e) => ![...e.children].some((c) => norm(c.textContent).includes(want))));
      } else {
        next.push(...root.querySelectorAll(st.css));
      }
    }
    if (st.hasText !== undefined) next = next.filter((e) => norm(e.textContent).includes(norm(st.hasText)));
    els = [...new Set(next)];
  }
  return els;
}`;

const VISIBLE = `(e) => {
  if (!e.isConnected) return false;
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
}`;

/** A Playwright-like locator: lazy, re-resolved on every use. */
class Locator {
  constructor(page, steps) { this.page = page; this.steps = steps; }
  locator(css, opts = {}) { return new Locator(this.page, [...this.steps, { css, hasText: opts.hasText }]); }
  getByTestId(id) { return this.locator(`[data-testid="${id}"]`); }
  getByText(text) { return new Locator(this.page, [...this.steps, { text }]); }
  first() { return new Locator(this.page, [...this.steps, { nth: 0 }]); }
  last() { return new Locator(this.page, [...this.steps, { nth: -1 }]); }
  nth(n) { return new Locator(this.page, [...this.steps, { nth: n }]); }

  /** Runs fn(elements, ...args) in the page. */
  _all(fnSource, ...args) {
    return this.page.session.run(`(steps, ...a) => { const f = ${FIND}; const vis = ${VISIBLE}; return (${fnSource})(f(steps), vis, ...a); }`,
      [this.steps, ...args]);
  }

  /** Waits for the one element the locator means (the first) to meet a state, then returns what fn gives for it. */
  async _one(fnSource, { timeout = DEFAULT_TIMEOUT, state = 'attached', args = [] } = {}) {
    const until = Date.now() + timeout;
    for (;;) {
      const r = await this._all(`(els, vis, st, ...a) => {
        const e = els[0];
        if (!e) return { miss: true };
        if (st === 'visible' && !vis(e)) return { miss: true };
        if (st === 'enabled' && (!vis(e) || e.disabled)) return { miss: true };
        return { v: (${fnSource})(e, ...a) };
      }`, state, ...args);
      if (!r.miss) return r.v;
      if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting for ${this} to be ${state}`);
      await sleep(50);
    }
  }

  toString() { return `locator(${JSON.stringify(this.steps)})`; }

  async waitFor({ state = 'visible', timeout = DEFAULT_TIMEOUT } = {}) {
    const until = Date.now() + timeout;
    for (;;) {
      const ok = await this._all(`(els, vis, st) => {
        const e = els[0];
        if (st === 'attached') return !!e;
        if (st === 'detached') return !e;
        if (st === 'visible') return !!e && vis(e);
        return !e || !vis(e);
      }`, state);
      if (ok) return;
      if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting for ${this} to be ${state}`);
      await sleep(50);
    }
  }

  count() { return this._all('(els) => els.length'); }
  allTextContents() { return this._all('(els) => els.map((e) => e.textContent)'); }
  textContent(o) { return this._one('(e) => e.textContent', o); }
  inputValue(o) { return this._one('(e) => e.value', o); }
  getAttribute(name, o) { return this._one('(e, n) => e.getAttribute(n)', { ...o, args: [name] }); }
  isVisible() { return this._all('(els, vis) => !!els[0] && vis(els[0])'); }
  isDisabled(o) { return this._one('(e) => !!e.disabled', o); }
  isChecked(o) { return this._one('(e) => !!e.checked', o); }
  focus(o) { return this._one('(e) => { e.focus(); }', o); }
  evaluate(fn, arg) { return this._one(`(e, a) => (${fn})(e, a)`, { args: [arg] }); }

  /** Clicks through WebDriver (real input events), retried while something covers the element. */
  async click({ timeout = DEFAULT_TIMEOUT } = {}) {
    const until = Date.now() + timeout;
    for (;;) {
      try {
        const el = await this._one('(e) => { e.scrollIntoView({ block: "nearest" }); return e; }',
          { state: 'enabled', timeout: Math.max(0, until - Date.now()) });
        await this.page.session.cmd('POST', `/element/${el[ELEMENT]}/click`, {});
        await this.page._where();
        return;
      } catch (e) {
        if (!TRANSIENT.has(e.code) || Date.now() > until) throw e;
        await sleep(50);
      }
    }
  }

  async check(o) {
    if (await this.isChecked(o)) return;
    await this.click(o);
    if (!(await this.isChecked(o))) throw new Error(`${this} did not become checked`);
  }

  /** Replaces the value as typing it would (one input event), like Playwright's fill. */
  fill(value, o) {
    return this._one(`(e, v) => {
      e.focus();
      if (typeof e.select === 'function') e.select();
      const ok = v === '' ? document.execCommand('delete') : document.execCommand('insertText', false, v);
      if (!ok || e.value !== v) {
        const proto = e instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
        Object.getOwnPropertyDescriptor(proto, 'value').set.call(e, v);
        e.dispatchEvent(new Event('input', { bubbles: true }));
      }
      e.dispatchEvent(new Event('change', { bubbles: true }));
    }`, { ...o, state: 'enabled', args: [value] });
  }

  /** Picks an option by value or label, as Playwright does (GTK's popup menu is not part of the page). */
  selectOption(value, o) {
    return this._one(`(e, v) => {
      const opt = [...e.options].find((x) => x.value === v) || [...e.options].find((x) => x.label === v);
      if (!opt) throw new Error('no option ' + v);
      e.value = opt.value;
      e.dispatchEvent(new Event('input', { bubbles: true }));
      e.dispatchEvent(new Event('change', { bubbles: true }));
      return [opt.value];
    }`, { ...o, state: 'enabled', args: [value] });
  }
}

// WebDriver's key codes for the named keys the tests press.
const KEYS = { Enter: '\uE007', Shift: '\uE008', Control: '\uE009', Alt: '\uE00A', Escape: '\uE00C', Tab: '\uE004',
  Backspace: '\uE003', ArrowUp: '\uE013', ArrowDown: '\uE015', ArrowLeft: '\uE012', ArrowRight: '\uE014', Delete: '\uE017',
  PageUp: '\uE00E', PageDown: '\uE00F', End: '\uE010', Home: '\uE011', F10: '\uE03A' };

class Keyboard {
  constructor(page) { this.page = page; }
  _perform(actions) {
    return this.page.session.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] })
      .then(() => this.page.session.cmd('DELETE', '/actions'));
  }
  /** press('Shift+Enter'): modifiers held down around the key. */
  press(combo) {
    const parts = combo.split('+').map((k) => KEYS[k] ?? k);
    const down = parts.map((value) => ({ type: 'keyDown', value }));
    const up = [...parts].reverse().map((value) => ({ type: 'keyUp', value }));
    return this._perform([...down, ...up]);
  }
  type(text) {
    return this._perform([...text].flatMap((value) => [{ type: 'keyDown', value }, { type: 'keyUp', value }]));
  }
}

/** A JS handle stand-in: waitForFunction's value. */
class Value {
  constructor(v) { this.v = v; }
  jsonValue() { return Promise.resolve(this.v); }
}

/** One MiniBrowser window, as the tests see a page. */
export class WebKitPage {
  constructor(session, display) {
    this.session = session;
    this.display = display;
    this.engine = 'webkit';
    this.keyboard = new Keyboard(this);
    this.consoleLog = [];
    this.pending = [];
  }

  /** Opens a MiniBrowser window with the inner size asked for. */
  static async open(driverURL, display, { viewport = { width: 1200, height: 800 } } = {}) {
    const session = await Session.create(driverURL, {
      alwaysMatch: { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: miniBrowser(), args: ['--automation'] } },
    });
    const page = new WebKitPage(session, display);
    await session.cmd('POST', '/timeouts', { script: 600000, pageLoad: 60000, implicit: 0 });
    page.viewport = viewport;
    return page;
  }

  /** Sizes the window so the page gets the viewport (the window's frame and toolbar are outside it). */
  async _fitViewport() {
    const { width, height } = this.viewport;
    for (let i = 0; i < 3; i++) {
      const inner = await this.session.run('() => [innerWidth, innerHeight]');
      if (inner[0] === width && inner[1] === height) return;
      const outer = await this.session.cmd('GET', '/window/rect');
      await this.session.cmd('POST', '/window/rect', { width: outer.width + width - inner[0], height: outer.height + height - inner[1] });
      await sleep(100);
    }
  }

  async _afterLoad() {
    await this.session.run(COLLECTOR);
    await this._where();
  }

  async goto(url) {
    await this.session.cmd('POST', '/url', { url });
    await this._afterLoad();
    await this._fitViewport();
  }

  async reload() {
    await this._drain();
    await this.session.cmd('POST', '/refresh', {});
    await this._afterLoad();
  }

  async setViewportSize(viewport) {
    this.viewport = viewport;
    await this._fitViewport();
  }

  /** Moves what the page collected into this object (a reload would lose it). */
  async _drain() {
    const got = await this.session.run('() => { const e = window.__e2e; if (!e) return null; const o = { u: e.uncaught.splice(0), l: e.log.splice(0) }; return o; }')
      .catch(() => null);
    if (got) { this.pending.push(...got.u); this.consoleLog.push(...got.l); }
  }

  /** The uncaught errors not yet charged to a test. */
  async takeUncaught() {
    await this._drain();
    return this.pending.splice(0);
  }

  locator(css, opts = {}) { return new Locator(this, [{ css, hasText: opts.hasText }]); }
  getByTestId(id) { return this.locator(`[data-testid="${id}"]`); }
  getByText(text) { return new Locator(this, [{ text }]); }

  evaluate(fn, arg) {
    return typeof fn === 'string' ? this.session.run(`() => (${fn})`) : this.session.run(`(a) => (${fn})(a)`, [arg]);
  }

  $$eval(css, fn, arg) {
    return this.session.run(`(css, a) => (${fn})([...document.querySelectorAll(css)], a)`, [css, arg]);
  }

  async waitForFunction(fn, arg, { timeout = DEFAULT_TIMEOUT } = {}) {
    const until = Date.now() + timeout;
    for (;;) {
      const v = await this.session.run(typeof fn === 'string' ? `() => (${fn})` : `(a) => (${fn})(a)`, [arg]);
      if (v) return new Value(v);
      if (Date.now() > until) throw new Error(`waitForFunction timed out after ${timeout} ms: ${String(fn).slice(0, 160)}`);
      await sleep(50);
    }
  }

  /**
   * Saves what the window shows, read from the X server: WebKitWebDriver's own screenshot
   * command never answers once a user is logged in (seen with 2.50 under Xvfb, any page
   * content), so the web view's rectangle is cut from the display with ImageMagick instead.
   */
  async screenshot({ path } = {}) {
    const rect = await this.session.cmd('GET', '/window/rect');
    const [w, h] = await this.session.run('() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r([innerWidth, innerHeight]))))');
    // The view fills the window below MiniBrowser's toolbar.
    const geometry = `${w}x${h}+${rect.x + rect.width - w}+${rect.y + rect.height - h}`;
    const png = execFileSync('import', ['-display', this.display, '-window', 'root', '-crop', geometry, '+repage', 'png:-'],
      { maxBuffer: 64 << 20 });
    if (path) writeFileSync(path, png);
    return png;
  }

  /** Colour-scheme emulation has no WebDriver command; callers check page.engine first. */
  emulateMedia() {
    throw new Error('WebKitGTK through WebDriver cannot emulate prefers-color-scheme');
  }

  /**
   * Where the page is and how many windows the session has, as of the last click or load
   * (Playwright answers url() and pages() at once; WebDriver needs a round trip, made then).
   */
  async _where() {
    this.href = await this.session.cmd('GET', '/url');
    this.windows = (await this.session.cmd('GET', '/window/handles')).length;
  }

  url() { return this.href; }

  context() { return { close: () => this.close(), pages: () => Array.from({ length: this.windows ?? 1 }, () => this) }; }
  async close() {
    if (this.closed) return;
    this.closed = true;
    await this.session.delete();
  }
}
