// Window benchmark: the PRODUCTION binary (build/bin/parley, WebKitGTK) under Xvfb over a data
// folder seeded by build/bench/seed. It prints figures in bench/ui.mjs' format and never fails on
// time. Two parts:
//
// memory: an empty Wails app (build/bench/empty) and Parley are started alternately, ROUNDS times.
//   Parley is logged in to the seeded account by typing into the window with xdotool, so no
//   inspector is attached while it is measured (the remote inspector's server is listening, as it
//   is for the empty app too, but nothing connects until after the measurement, when the log-in is
//   checked through it). After IDLE_S seconds idle the whole process tree (the Go process, the
//   WebKit web and network processes) is summed: PSS and anonymous memory from smaps_rollup.
//   Medians, and ratios to the empty app of the same run. Anonymous memory is the steady figure:
//   PSS splits shared libraries with every other WebKit process on the machine, so it moves with
//   whatever else runs.
//
// stream: one reply of STREAM_TOKENS tokens at TOKEN_MS ms each from the fake server, sent from
//   the window's composer, RUNS times. Lag = (the window's last message shows data-status=done and
//   two animation frames have run, so it has painted) − (the fake flushed the stream's last byte,
//   GET /_control/streams). Both ends read CLOCK_REALTIME on this machine: Go's time.Now() in the
//   fake and Date.now() in the page (performance.timeOrigin + performance.now() is reported beside
//   it as a cross-check: a wall clock at navigation plus a monotonic clock, it drifts from the
//   system clock only if the clock is stepped). The page is observed by a MutationObserver
//   installed before sending, so the reading costs no polling. Also counted: the chat:delta events
//   the page received (the Go side batches them to ≤ 10/s) and the app process's CPU time
//   (/proc/PID/stat utime+stime, 10 ms ticks: Go, and GTK's loop doing WebKit's UI-process side)
//   per token and per event, less its idle rate; then a slow reply whose every token is its own
//   event gives the process's CPU per event.
//
//   node bench/window.mjs   with   SEED_DIR   a seeded data folder (copied, never changed)
//                                  PARLEY_BIN the production binary (default build/bin/parley), or
//                                  PARLEY_BINS  name=path,name=path… to compare builds in one run
//                                             (each round measures every one, alternating)
//                                  EMPTY_BIN  the empty app (default build/bin/bench-empty, built if absent)
//                                  LABEL, PARTS (memory,stream), ROUNDS (3), IDLE_S (5), RUNS (3),
//                                  STREAM_TOKENS (5000), TOKEN_MS (1), EVENT_TOKENS (100, at 120 ms:
//                                  one event per token, for Go's CPU per event), INSPECTED=1 (also measure
//                                  memory logged in through the inspector, for comparison),
//                                  COMPOSITING=1 (let WebKit composite, as on a desktop, instead of
//                                  the test setting WEBKIT_DISABLE_COMPOSITING_MODE=1)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bin, repo, startDbus, startFake, startXvfb, stopProcess } from '../lib/harness.mjs';
import { API_KEY } from '../lib/parley.mjs';
import { inspector, startWindow, windowId } from '../lib/window.mjs';

const env = process.env;
const LABEL = env.LABEL || 'window';
const BINS = env.PARLEY_BINS
  ? env.PARLEY_BINS.split(',').map((b) => { const [name, path] = b.split('='); return { name: ` [${name}]`, path: resolve(path) }; })
  : [{ name: '', path: resolve(env.PARLEY_BIN || bin('parley')) }];
const EMPTY = resolve(env.EMPTY_BIN || bin('bench-empty'));
const PARTS = new Set((env.PARTS || 'memory,stream').split(','));
const ROUNDS = Number(env.ROUNDS || 3);
const IDLE_S = Number(env.IDLE_S || 5);
const RUNS = Number(env.RUNS || 3);
const TOKENS = Number(env.STREAM_TOKENS || 5000);
const TOKEN_MS = Number(env.TOKEN_MS || 1);
const EVENT_TOKENS = Number(env.EVENT_TOKENS || 100);
// Every window of this benchmark, the empty app's too, runs with the same WebKit environment.
const WEBKIT_ENV = env.COMPOSITING === '1' ? { WEBKIT_DISABLE_COMPOSITING_MODE: undefined } : {};
const USER = 'bench';
const PASSWORD = 'correct horse battery staple';
if (!env.SEED_DIR) throw new Error('SEED_DIR (a folder made by build/bench/seed) is required');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(1) : String(x));
const out = (name, value, unit, extra = '') => console.log(`${LABEL}\t${name}\t${fmt(value)} ${unit}${extra ? `\t${extra}` : ''}`);
const mib = (kib) => kib / 1024;

/** The pids of pid and all its descendants. */
function tree(pid) {
  const children = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch { /* gone */ }
  }
  const all = [];
  const walk = (p) => { all.push(p); for (const c of children.get(p) ?? []) walk(c); };
  walk(pid);
  return all;
}

/** Memory of pid's process tree in KiB: { pss, anon, parts: { comm: { pss, anon } } }. */
function treeMemory(pid) {
  const m = { pss: 0, anon: 0, parts: {} };
  for (const p of tree(pid)) {
    let text;
    try { text = readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'); } catch { continue; }
    const pss = Number(text.match(/^Pss:\s+(\d+)/m)?.[1] ?? 0);
    const anon = Number(text.match(/^Anonymous:\s+(\d+)/m)?.[1] ?? 0);
    // The binary itself is 'app' (its name varies); its children by their names.
    const comm = p === pid ? 'app' : readFileSync(`/proc/${p}/comm`, 'utf8').trim();
    m.pss += pss; m.anon += anon;
    const part = (m.parts[comm] ??= { pss: 0, anon: 0 });
    part.pss += pss; part.anon += anon;
  }
  return m;
}

/** CPU seconds (user + system) the process (or thread: /proc/PID/task/TID) has used. */
function cpuSeconds(pid, path = `/proc/${pid}/stat`) {
  const stat = readFileSync(path, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in USER_HZ ticks (100 on Linux)
}

/**
 * The app process's CPU seconds, in all and by thread. Its busiest thread during a reply is GTK's
 * loop (WebKit's UI-process work, drawing the page's updates into the window, the Wails dispatch
 * onto it); Go's goroutines spread over the other threads.
 */
function appCPU(pid) {
  const threads = {};
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try { threads[t] = cpuSeconds(pid, `/proc/${pid}/task/${t}/stat`); } catch { /* gone */ }
  }
  return { all: cpuSeconds(pid), threads };
}

/** The busiest thread's share of the CPU the process used between a and b. */
function topShare(a, b) {
  const used = Object.entries(b.threads).map(([t, s]) => s - (a.threads[t] ?? 0));
  const total = b.all - a.all;
  return total > 0 ? Math.max(...used) / total : 0;
}

async function waitMapped(display, title, proc) {
  for (let i = 0; i < 600; i++) {
    if (proc.exitCode !== null) throw new Error(`${title} exited early`);
    try {
      execFileSync('xdotool', ['search', '--onlyvisible', '--name', `^${title}$`], { env: { ...env, DISPLAY: display }, stdio: 'pipe' });
      return;
    } catch { await sleep(50); }
  }
  throw new Error(`${title} did not map a window`);
}

/** Types the log-in into the window as a person would: keyboard focus on the autofocused field. */
function typeLogIn(display) {
  const x = (...a) => execFileSync('xdotool', a, { env: { ...env, DISPLAY: display }, stdio: 'pipe' });
  const id = windowId(display);
  x('mousemove', '--window', id, '10', '10');
  x('windowfocus', id);
  x('type', '--delay', '10', USER);
  x('key', 'Tab');
  x('type', '--delay', '10', PASSWORD);
  x('key', 'Return');
}

const loggedIn = `(() => { const n = document.querySelectorAll('[data-testid=room-item]').length;
  return n > 0 && !document.querySelector('[data-testid=login-username]') ? n : 0; })()`;

function copySeed() {
  const data = mkdtempSync(join(tmpdir(), 'parley-window-bench-'));
  cpSync(env.SEED_DIR, data, { recursive: true });
  return data;
}

async function memory(x, bus) {
  if (!existsSync(EMPTY)) {
    const tags = ['desktop', 'production'];
    try { execFileSync('pkg-config', ['--exists', 'webkit2gtk-4.0']); } catch { tags.push('webkit2_41'); }
    execFileSync('go', ['build', '-tags', tags.join(','), '-ldflags', '-w -s', '-o', EMPTY, './build/bench/empty'], { cwd: repo, stdio: 'inherit' });
  }
  const appEnv = { DBUS_SESSION_BUS_ADDRESS: bus.address, ...WEBKIT_ENV };
  const rows = { empty: [] };
  for (const b of BINS) rows[b.name] = { login: [], typed: [], inspected: [] };
  for (let r = 0; r < ROUNDS; r++) {
    // The empty app, with the inspector's server listening as Parley's is.
    const data = mkdtempSync(join(tmpdir(), 'parley-window-empty-'));
    const empty = await startWindow('bench-empty', { display: x.display, dataDir: data, env: appEnv, binary: EMPTY });
    try {
      await waitMapped(x.display, 'Empty', empty.proc);
      await sleep(IDLE_S * 1000);
      rows.empty.push(treeMemory(empty.proc.pid));
    } finally {
      await stopProcess(empty.proc);
      rmSync(data, { recursive: true, force: true });
    }
    for (const b of BINS) await memoryOf(b, x, appEnv, rows[b.name]);
  }
  const med = (list, key) => median(list.map((m) => m[key]));
  const part = (list, comm, key) => median(list.map((m) => m.parts[comm]?.[key] ?? 0));
  const split = (list) => ['app', 'WebKitWebProces', 'WebKitNetworkPr']
    .filter((c) => list.some((m) => m.parts[c]))
    .map((c) => `${c} ${fmt(mib(part(list, c, 'pss')))}/${fmt(mib(part(list, c, 'anon')))}`).join(', ');
  const eP = med(rows.empty, 'pss');
  const eA = med(rows.empty, 'anon');
  out('memory: empty app, idle tree PSS', mib(eP), 'MiB', `anonymous ${fmt(mib(eA))} MiB; PSS/anon MiB by process: ${split(rows.empty)}`);
  for (const b of BINS) {
    for (const [key, what] of [['login', 'Parley at the log-in screen'], ['typed', 'Parley logged in (typed, no inspector)'],
      ['inspected', 'Parley logged in (through the inspector)']]) {
      const list = rows[b.name][key];
      if (!list.length) continue;
      const p = med(list, 'pss');
      const a = med(list, 'anon');
      out(`memory: ${what}${b.name}, idle tree PSS`, mib(p), 'MiB', `anonymous ${fmt(mib(a))} MiB; PSS/anon MiB by process: ${split(list)}`);
      out(`memory: ${what}${b.name}, anonymous ÷ empty app`, (a / eA).toFixed(2), '×', `PSS ${(p / eP).toFixed(2)}×; ${list.length} rounds`);
    }
  }
}

/** One round of Parley's memory: the log-in screen, then logged in by typing; with INSPECTED=1, logged in through the inspector. */
async function memoryOf(b, x, appEnv, rows) {
  let data = copySeed();
  const app = await startWindow('parley-window-bench', { display: x.display, dataDir: data, env: appEnv, binary: b.path });
  try {
    await waitMapped(x.display, 'Parley', app.proc);
    await sleep(IDLE_S * 1000);
    rows.login.push(treeMemory(app.proc.pid));
    typeLogIn(x.display);
    // Argon2id, the room list and whatever log-in starts, then the idle period.
    await sleep(3000 + IDLE_S * 1000);
    const m = treeMemory(app.proc.pid);
    const evaluate = await inspector(app.socket);
    try {
      await evaluate.until(loggedIn, 'the typed log-in', 20000);
    } finally { await evaluate.close(); }
    rows.typed.push(m);
  } finally {
    await stopProcess(app.proc);
    rmSync(data, { recursive: true, force: true });
  }
  if (env.INSPECTED !== '1') return;
  data = copySeed();
  const app2 = await startWindow('parley-window-bench', { display: x.display, dataDir: data, env: appEnv, binary: b.path });
  try {
    const evaluate = await inspector(app2.socket);
    try {
      await evaluate.until('!!(window.go && window.go.main && window.go.main.App)', 'the Go bridge');
      await evaluate(`(window.go.main.App.LogIn({ username: '${USER}', password: '${PASSWORD}' }).then(() => location.reload()), true)`);
      await evaluate.until(loggedIn, 'the log-in', 30000);
      await sleep(IDLE_S * 1000);
      rows.inspected.push(treeMemory(app2.proc.pid));
    } finally { await evaluate.close(); }
  } finally {
    await stopProcess(app2.proc);
    rmSync(data, { recursive: true, force: true });
  }
}

async function stream(x, bus, b) {
  const fake = await startFake();
  const data = copySeed();
  const app = await startWindow('parley-window-bench', { display: x.display, dataDir: data, binary: b.path,
    env: { DBUS_SESSION_BUS_ADDRESS: bus.address, ...WEBKIT_ENV } });
  const evaluate = await inspector(app.socket).catch(async (e) => { await stopProcess(app.proc); throw e; });
  try {
    await evaluate.until('!!(window.go && window.go.main && window.go.main.App)', 'the Go bridge');
    await evaluate(`(window.__setup = null, (async () => {
      const A = window.go.main.App;
      await A.LogIn({ username: '${USER}', password: '${PASSWORD}' });
      await A.SaveSettings({ apiKey: '${API_KEY}', clearKey: false, baseUrl: ${JSON.stringify(fake.baseURL)}, model: 'gpt-4o-mini',
        temperature: 0.7, proxyUrl: '', uiLanguage: 'en', theme: 'light' });
      const rooms = await A.ListRooms();
      window.__setup = { id: rooms.find((r) => r.title !== 'A year at the café').id };
    })().catch((e) => { window.__setup = { error: String(e && (e.code || e.message || e)) }; }), true)`);
    const setup = await evaluate.until('window.__setup', 'the set-up calls', 30000);
    if (setup.error) throw new Error(`set-up: ${setup.error}`);
    await evaluate('location.reload(), true');
    await sleep(500);
    const link = `document.querySelector('[data-testid=room-item][data-room-id="${setup.id}"] .room-link')`;
    await evaluate.until(`!!${link}`, 'the room in the sidebar', 30000);
    await evaluate(`${link}.click(), true`);
    await evaluate.until(`!!document.querySelector('[data-testid=composer]')`, 'the composer');

    const web = tree(app.proc.pid).find((p) => readFileSync(`/proc/${p}/comm`, 'utf8').startsWith('WebKitWebProces'));
    let sent = 0;
    // reply streams one scripted reply into the open room through the composer and measures it.
    const reply = async (tokens, delayMs) => {
      await fake.control('/_control/script', [{ tokens: [...tokens, ''], tokenDelayMs: delayMs }]);
      // In the page: count the deltas, and note when the new reply is done and painted.
      await evaluate(`(() => {
        const before = Math.max(0, ...[...document.querySelectorAll('[data-testid=message]')].map((m) => Number(m.dataset.id)));
        window.__run = { deltas: 0, done: null, doneEvent: 0 };
        if (!window.__counting) {
          window.__counting = true;
          window.runtime.EventsOn('chat:delta', () => { window.__run.deltas++; });
          window.runtime.EventsOn('chat:done', () => { window.__run.doneEvent = Date.now(); });
        }
        const isDone = () => {
          const all = document.querySelectorAll('[data-testid=message]');
          const last = all[all.length - 1];
          return last && Number(last.dataset.id) > before + 1 && last.dataset.role === 'assistant' && last.dataset.status === 'done';
        };
        const obs = new MutationObserver(() => {
          if (!isDone()) return;
          obs.disconnect();
          requestAnimationFrame(() => requestAnimationFrame(() => {
            window.__run.done = { wall: Date.now(), origin: performance.timeOrigin + performance.now() };
          }));
        });
        obs.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'data-id'] });
        return true;
      })()`);
      // The idle rate first (the caret blinks in the focused composer), to take off the reply's figure.
      const idle0 = appCPU(app.proc.pid);
      const idleT = Date.now();
      await sleep(2000);
      const idle1 = appCPU(app.proc.pid);
      const idleRate = (idle1.all - idle0.all) / ((Date.now() - idleT) / 1000);
      const cpu0 = appCPU(app.proc.pid);
      const t0 = Date.now();
      const web0 = web ? cpuSeconds(web) : 0;
      await evaluate(`(() => {
        const c = document.querySelector('[data-testid=composer]');
        Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set.call(c, 'Tell me a long story, please. (${++sent})');
        c.dispatchEvent(new Event('input', { bubbles: true }));
        return true;
      })()`);
      await evaluate.until(`!document.querySelector('[data-testid=send]')?.disabled`, 'the send button');
      await evaluate(`document.querySelector('[data-testid=send]').click(), true`);
      const run = await evaluate.until('window.__run.done && window.__run', 'the reply to finish', tokens.length * delayMs * 20 + 60000);
      const cpu1 = appCPU(app.proc.pid);
      const idle = idleRate * ((Date.now() - t0) / 1000);
      const cpu = cpu1.all - cpu0.all - idle;
      const mainShare = topShare(cpu0, cpu1);
      const st = (await fake.control('/_control/streams')).filter((x) => x.complete).at(-1);
      const end = Date.parse(st.end); // Go's RFC 3339 with nanoseconds; read to the millisecond
      const seconds = (end - Date.parse(st.start)) / 1000;
      return { mainShare, idle, lag: run.done.wall - end, event: run.doneEvent - end, lagOrigin: run.done.origin - end, deltas: run.deltas, cpu, seconds,
        web: web ? cpuSeconds(web) - web0 : NaN };
    };

    const what = `stream ${TOKENS} tokens at ${TOKEN_MS} ms (production window)${b.name}`;
    const tokens = Array.from({ length: TOKENS }, (_, i) => (i % 60 === 59 ? 'end.\n\n' : i % 12 === 11 ? '**word** ' : 'word '));
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await reply(tokens, TOKEN_MS));
    const m = (f) => median(runs.map(f));
    out(`${what}: last byte sent → done and painted`, m((r) => r.lag), 'ms',
      `runs ${runs.map((r) => Math.round(r.lag)).join(', ')}; by timeOrigin ${runs.map((r) => Math.round(r.lagOrigin)).join(', ')}; `
      + `chat:done reached the page after ${runs.map((r) => Math.round(r.event)).join(', ')} ms`);
    out(`${what}: delta events`, m((r) => r.deltas), '', `${fmt(m((r) => r.deltas / r.seconds))}/s over ${fmt(m((r) => r.seconds))} s`);
    out(`${what}: Go process CPU`, m((r) => r.cpu * 1000), 'ms', `${fmt(m((r) => (r.cpu * 1e6) / TOKENS))} µs per token, `
      + `${fmt(m((r) => (r.cpu * 1000) / r.deltas))} ms per event, less idle ${fmt(m((r) => r.idle * 1000))} ms; `
      + `${Math.round(100 * m((r) => r.mainShare))}% on its busiest thread (GTK's loop, presumably); web process CPU ${fmt(m((r) => r.web))} s`);
    // One token per event (tokens slower than the 50 ms batching interval): Go's cost of an event.
    const slow = Array.from({ length: EVENT_TOKENS }, () => 'word ');
    const each = [];
    for (let i = 0; i < RUNS; i++) each.push(await reply(slow, 120));
    out(`${EVENT_TOKENS} tokens at 120 ms, one event each${b.name}: Go process CPU per event`, median(each.map((r) => (r.cpu * 1000) / r.deltas)), 'ms',
      `${median(each.map((r) => r.deltas))} events; includes its token's HTTP chunk; less idle; `
      + `${Math.round(100 * median(each.map((r) => r.mainShare)))}% on its busiest thread`);
  } finally {
    await evaluate.close();
    await stopProcess(app.proc);
    await stopProcess(fake.proc);
    rmSync(data, { recursive: true, force: true });
  }
}

async function main() {
  const x = await startXvfb('1280x900x24');
  const bus = await startDbus();
  try {
    if (PARTS.has('stream')) for (const b of BINS) await stream(x, bus, b);
    if (PARTS.has('memory')) await memory(x, bus);
  } finally {
    await stopProcess(bus.proc);
    await stopProcess(x.proc);
  }
}

main().catch((e) => {
  console.error(`${LABEL}\twindow benchmark failed: ${e.stack || e}`);
  process.exitCode = 1;
});
