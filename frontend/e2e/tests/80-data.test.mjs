// Own your data, through the real UI and bindings: export an account to a
// .parley file, import it as a new user into a second Parley with a fresh
// data folder and see the same rooms there; restore a backup from the log-in
// screen and undo it. The dev build answers Go's file dialogs from a folder
// (PARLEY_DEV_DIALOG_DIR), since a browser cannot click a GTK dialog.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bin, chromiumArgs, freePort, guiEnv, repo, screenshotPath, start, startStack, stopProcess, stopStack, withArtifacts,
} from '../lib/harness.mjs';
import { PASSWORD, call, catalogues, enterAs, must, reloadApp, waitForLastReply } from '../lib/parley.mjs';

const { en } = catalogues;
const PASSPHRASE = 'river stone lantern';
const dialogDir = mkdtempSync(join(tmpdir(), 'parley-e2e-dialogs-'));
// guiEnv copies process.env into the app's environment: both Parleys use it.
process.env.PARLEY_DEV_DIALOG_DIR = dialogDir;

let s;
const extra = []; // processes and folders of the second Parley
before(async () => { s = await startStack(); });
after(async () => {
  for (const p of extra.filter((x) => x.pid)) await stopProcess(p);
  for (const d of extra.filter((x) => typeof x === 'string')) rmSync(d, { recursive: true, force: true });
  if (s) await stopStack(s);
  rmSync(dialogDir, { recursive: true, force: true });
});

/** Starts another dev Parley on dataDir (a new folder unless given); resolves its URL. */
async function startParley(dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'))) {
  const port = await freePort();
  const p = start('parley-dev-2', bin('parley-dev'), [], {
    cwd: repo,
    env: guiEnv(s.display, dataDir, { devserver: `127.0.0.1:${port}`, assetdir: join(repo, 'frontend', 'dist'), loglevel: 'Warning' }),
  });
  extra.push(p, dataDir);
  const url = `http://127.0.0.1:${port}/`;
  const until = Date.now() + 60000;
  for (;;) {
    if (p.exitCode !== null) throw new Error('the second Parley exited; see artifacts/logs');
    try { if ((await fetch(url)).ok) break; } catch { /* not up yet */ }
    if (Date.now() > until) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 150));
  }
  return { proc: p, url, dataDir };
}

async function openAt(url) {
  const context = await s.browser.newContext({ locale: 'en-US', colorScheme: 'light', viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  page.consoleLog = [];
  page.uncaught = [];
  page.on('pageerror', (e) => page.uncaught.push(`[pageerror] ${e.stack || e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => window.go && window.go.main && window.go.main.App, null, { timeout: 20000 });
  return page;
}

/**
 * roomLeafPage finds, in a bbolt file, the offset of a leaf page in use that holds room records
 * (16-hex-digit keys with values of several hundred bytes), reading bbolt's own layout: the newer
 * meta page names the freelist, whose pages are not in use.
 */
function roomLeafPage(buf) {
  const size = buf.readUInt32LE(16 + 8);
  const meta = [0, 1].map((p) => ({ freelist: buf.readBigUInt64LE(p * size + 16 + 32), txid: buf.readBigUInt64LE(p * size + 16 + 48) }))
    .sort((a, b) => (a.txid > b.txid ? -1 : 1))[0];
  const free = new Set();
  const fl = Number(meta.freelist) * size;
  let n = buf.readUInt16LE(fl + 10);
  let off = fl + 16;
  if (n === 0xffff) { n = Number(buf.readBigUInt64LE(off)); off += 8; }
  for (let i = 0; i < n; i++) free.add(Number(buf.readBigUInt64LE(off + i * 8)));
  for (let id = 2; id * size < buf.length; id++) {
    const p = id * size;
    if (free.has(id) || buf.readUInt16LE(p + 8) !== 0x02) continue;
    const count = buf.readUInt16LE(p + 10);
    if (count < 2) continue;
    const e = p + 16;
    const key = buf.subarray(e + buf.readUInt32LE(e + 4), e + buf.readUInt32LE(e + 4) + buf.readUInt32LE(e + 8)).toString();
    if (/^[0-9a-f]{16}$/.test(key) && buf.readUInt32LE(e + 12) > 400) return p;
  }
  throw new Error('no room page in the file');
}

const roomTitles = async (page) => (await page.getByTestId('room-title').allTextContents()).map((t) => t.trim()).sort();

test('an exported account imports as a new user in a fresh data folder with the same rooms', async () => {
  const page = await openAt(s.app.url);
  await withArtifacts('data-export-import', page, async () => {
    await enterAs(page, s, 'ada', { rooms: [{ title: 'Morning coffee' }, { title: 'Hotel check-in', language: 'ja' }] });
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-account').click();
    await page.getByTestId('export-form').waitFor();
    await page.getByTestId('export-passphrase').fill(PASSPHRASE);
    await page.getByTestId('export-confirm').fill(PASSPHRASE);
    await page.getByTestId('export-form').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('80-export-dialog'), animations: 'disabled' });
    await page.getByTestId('export-submit').click();
    const done = page.getByTestId('export-done');
    await done.waitFor({ timeout: 30000 });
    const files = readdirSync(dialogDir).filter((f) => f.endsWith('.parley'));
    assert.equal(files.length, 1, `one export in ${dialogDir}: ${files}`);
    assert.match(await done.textContent(), new RegExp(files[0].replace(/\./g, '\\.')));
    // Sealed: neither a room title nor the key is in the file.
    const raw = readFileSync(join(dialogDir, files[0]));
    assert.ok(raw.subarray(0, 30).toString().startsWith('age-encryption.org/v1'), 'an age file');
    assert.equal(raw.includes('Morning coffee'), false);
    await page.screenshot({ path: screenshotPath('80-export-done'), animations: 'disabled' });
  });
  await page.context().close();

  // Another computer: a second Parley with an empty data folder.
  const other = await startParley();
  const page2 = await openAt(other.url);
  await withArtifacts('data-import-new', page2, async () => {
    await page2.getByTestId('login-form').waitFor();
    await page2.getByTestId('goto-import').click();
    await page2.getByTestId('import-new-username').fill('ada-laptop');
    await page2.getByTestId('import-new-password').fill(PASSWORD);
    await page2.getByTestId('import-new-confirm').fill(PASSWORD);
    await page2.getByTestId('import-new-passphrase').fill('not the passphrase');
    await page2.getByTestId('import-new-submit').click();
    const err = page2.getByTestId('error-passphrase');
    await err.waitFor({ timeout: 30000 });
    assert.equal((await err.textContent()).trim(), en['err.transfer.bad_passphrase']);
    assert.equal((await call(page2, 'LogIn', { username: 'ada-laptop', password: PASSWORD })).code, 'auth.bad_credentials',
      'a refused import leaves no account');

    await page2.getByTestId('import-new-passphrase').fill(PASSPHRASE);
    await page2.getByTestId('import-new-submit').click();
    await page2.getByTestId('import-report').waitFor({ timeout: 30000 });
    await page2.screenshot({ path: screenshotPath('80-import-report'), animations: 'disabled' });
    await page2.getByTestId('import-new-continue').click();
    await page2.getByTestId('recovery-saved').check();
    await page2.getByTestId('recovery-continue').click();
    await page2.getByTestId('room-list').waitFor({ timeout: 15000 });
    assert.deepEqual(await roomTitles(page2), ['Hotel check-in', 'Morning coffee']);
  });
  await page2.context().close();
  await stopProcess(other.proc);
});

test('a backup is restored from the log-in screen, and the restore can be undone', async () => {
  // A data folder with a backup: a first run makes the file, the next
  // start of the day copies it into backups/.
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  let run = await startParley(dataDir);
  let page = await openAt(run.url);
  await must(page, 'SignUp', { username: 'bea', password: PASSWORD, displayName: 'Bea' });
  await must(page, 'CreateRoom', { title: 'Kept in the backup', language: 'en', level: 'A2', situation: 'At the station.',
    myRole: 'Traveller', aiRole: 'Clerk', goal: '', formality: '', presetId: '' });
  await page.context().close();
  await stopProcess(run.proc);
  run = await startParley(dataDir);
  page = await openAt(run.url);
  await withArtifacts('data-restore', page, async () => {
    // Lose the room for good, then log out.
    await must(page, 'LogIn', { username: 'bea', password: PASSWORD });
    const [room] = await must(page, 'ListRooms');
    await must(page, 'DeleteRooms', [room.id]);
    await must(page, 'EmptyTrash');
    await must(page, 'LogOut');
    await reloadApp(page);

    await page.getByTestId('goto-restore').click();
    const items = page.getByTestId('backup-item');
    await items.first().waitFor({ timeout: 15000 });
    assert.equal(await items.count(), 1);
    await page.screenshot({ path: screenshotPath('80-restore-list'), animations: 'disabled' });
    await items.first().getByTestId('backup-restore').click();
    await page.getByTestId('restore-done').waitFor({ timeout: 30000 });
    await page.screenshot({ path: screenshotPath('80-restore-done'), animations: 'disabled' });
    // The replaced file is listed beside the backup.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=backup-item]').length === 2);

    // The room is back.
    await must(page, 'LogIn', { username: 'bea', password: PASSWORD });
    assert.deepEqual((await must(page, 'ListRooms')).map((r) => r.title), ['Kept in the backup']);
    await must(page, 'LogOut');

    // Undo: the file as it was before the restore, without the room.
    await page.getByTestId('restore-undo').click();
    await page.getByTestId('restore-undone').waitFor({ timeout: 30000 });
    await must(page, 'LogIn', { username: 'bea', password: PASSWORD });
    assert.deepEqual(await must(page, 'ListRooms'), []);
  });
  await page.context().close();
});

test('a damaged data file is named at start and salvaged, keeping what reads', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  let run = await startParley(dataDir);
  let page = await openAt(run.url);
  await must(page, 'SignUp', { username: 'dan', password: PASSWORD, displayName: 'Dan' });
  const titles = [];
  for (let i = 0; i < 80; i++) {
    const title = `Room ${String(i).padStart(2, '0')} ${'with a long situation '.repeat(3)}`.slice(0, 60).trim();
    titles.push(title);
    await must(page, 'CreateRoom', { title, language: 'en', level: 'A2', situation: 'x'.repeat(480),
      myRole: 'Traveller', aiRole: 'Clerk', goal: '', formality: '', presetId: '' });
  }
  await page.context().close();
  await stopProcess(run.proc);
  // A failing disk zeroes one page of the room list; the note that the
  // file passed today's check is gone with it.
  const dbPath = join(dataDir, 'parley.db');
  const raw = readFileSync(dbPath);
  const at = roomLeafPage(raw);
  raw.fill(0, at, at + 4096);
  writeFileSync(dbPath, raw);
  rmSync(`${dbPath}.state`, { force: true });

  run = await startParley(dataDir);
  page = await openAt(run.url);
  await withArtifacts('data-salvage', page, async () => {
    const alert = page.getByTestId('startup-error');
    await alert.waitFor({ timeout: 30000 });
    assert.ok((await alert.textContent()).includes(en['err.store.corrupt']), 'the damage is named');
    await page.getByTestId('startup-salvage').click();
    await page.getByTestId('salvage-start').click();
    const report = page.getByTestId('salvage-report');
    await report.waitFor({ timeout: 60000 });
    await page.screenshot({ path: screenshotPath('80-salvage-report'), animations: 'disabled' });
    // The damaged file is kept, byte for byte, in the backups folder.
    const kept = readdirSync(join(dataDir, 'backups')).filter((f) => f.startsWith('replaced-'));
    assert.equal(kept.length, 1);
    assert.ok(readFileSync(join(dataDir, 'backups', kept[0])).equals(raw), 'the damaged file is kept untouched');
    await must(page, 'LogIn', { username: 'dan', password: PASSWORD });
    const rooms = await must(page, 'ListRooms');
    assert.ok(rooms.length > 0 && rooms.length <= titles.length, `rooms after salvage: ${rooms.length}`);
  });
  await page.context().close();
});

test('a room exports as a Markdown transcript and as JSON', async () => {
  const page = await openAt(s.app.url);
  await withArtifacts('data-room-export', page, async () => {
    const [room] = await enterAs(page, s, 'eve', { rooms: [{ title: 'Bakery: bread/rolls' }] });
    await page.locator(`[data-testid=room-item][data-room-id="${room.id}"] .room-link`).click();
    await page.getByTestId('chat-view').waitFor();
    await waitForLastReply(page, 'done'); // the AI opens the scene
    const toggle = page.getByTestId('scenario-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await page.getByTestId('room-export-markdown').click();
    await page.getByTestId('room-exported').waitFor();
    await page.getByTestId('room-export-json').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=room-exported]').length >= 1);
    await page.screenshot({ path: screenshotPath('80-room-export'), animations: 'disabled' });
    // The title's slash cannot be in a file name.
    const md = readFileSync(join(dialogDir, 'Bakery- bread-rolls.md'), 'utf8');
    assert.match(md, /^# Bakery: bread\/rolls/);
    assert.match(md, /- Situation: You order a drink/);
    assert.match(md, /\*\*Barista\*\*/);
    const until = Date.now() + 10000;
    let json;
    while (!json && Date.now() < until) {
      try { json = JSON.parse(readFileSync(join(dialogDir, 'Bakery- bread-rolls.json'), 'utf8')); } catch { await new Promise((r) => setTimeout(r, 100)); }
    }
    assert.equal(json.room.id, room.id);
    assert.deepEqual(json.messages.map((m) => [m.role, m.status]), [['assistant', 'done']]);
  });
  await page.context().close();
});

test('restoring while logged in is refused', async () => {
  const page = await openAt(s.app.url);
  await withArtifacts('data-restore-logged-in', page, async () => {
    await enterAs(page, s, 'cid');
    const r = await call(page, 'RestoreBackup', 'parley-20260101.db');
    assert.equal(r.ok, false);
    assert.equal(r.code, 'auth.already_logged_in');
  });
  await page.context().close();
});
