// The opt-in update check against a release server on loopback: Parley asks nothing until the
// learner clicks Check now or turns checking on, then names the newer release and links its page
// (drafts and pre-releases ignored); with checking on, the next log-in asks once per start.
// The app is a dev build stamped as v1.2.0 (a plain dev build is "dev", which never claims a
// newer version), pointed at the server with PARLEY_RELEASES_URL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import {
  bin, chromiumArgs, freePort, guiEnv, openApp, repo, screenshotPath, start, startFake, startXvfb, stopStack, withArtifacts,
} from '../lib/harness.mjs';
import { catalogues, enterAs, reloadApp } from '../lib/parley.mjs';

const en = catalogues.en;
const RUNNING = 'v1.2.0';
const PAGE = 'https://example.org/parley/releases/tag/v1.3.0';
const releases = [
  { tag_name: 'v9.9.9', html_url: 'https://example.org/parley/releases/tag/v9.9.9', draft: true, prerelease: false },
  { tag_name: 'v2.0.0-rc.1', html_url: 'https://example.org/parley/releases/tag/v2.0.0-rc.1', draft: false, prerelease: true },
  { tag_name: 'v1.3.0', html_url: PAGE, draft: false, prerelease: false },
  { tag_name: 'v1.2.0', html_url: 'https://example.org/parley/releases/tag/v1.2.0', draft: false, prerelease: false },
];

/** The release server: every request it gets, answered with the list above. */
const requests = [];
const server = createServer((req, res) => {
  requests.push({ url: req.url, agent: req.headers['user-agent'] ?? '' });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(releases));
});

const s = { procs: [] };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const webkit = (() => {
    try { execFileSync('pkg-config', ['--exists', 'webkit2gtk-4.0']); return ''; } catch { return ',webkit2_41'; }
  })();
  // Only the link step differs from parley-dev's build, so the Go cache makes this quick.
  execFileSync(process.env.GO || 'go', ['build', '-tags', `dev${webkit}`, '-ldflags', `-X main.version=${RUNNING}`,
    '-o', bin('parley-dev-v1.2.0'), '.'], { cwd: repo, stdio: 'inherit' });
  const x = await startXvfb();
  s.display = x.display; s.procs.push(x.proc);
  s.fake = await startFake(); s.procs.push(s.fake.proc);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-update-'));
  const proc = start('parley-dev-update', bin('parley-dev-v1.2.0'), [], {
    cwd: repo,
    env: guiEnv(s.display, dataDir, {
      devserver: `127.0.0.1:${port}`, assetdir: join(repo, 'frontend', 'dist'), loglevel: 'Warning',
      PARLEY_RELEASES_URL: `http://127.0.0.1:${server.address().port}/repos/acme/parley/releases`,
    }),
  });
  s.procs.push(proc);
  s.app = { proc, url: `http://127.0.0.1:${port}/`, dataDir };
  for (let i = 0; ; i++) {
    assert.equal(proc.exitCode, null, 'the app exited; see artifacts/logs/parley-dev-update.log');
    try { if ((await fetch(s.app.url)).ok) break; } catch { /* not up yet */ }
    assert.ok(i < 400, 'the app did not answer within 60 s');
    await sleep(150);
  }
  s.browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: chromiumArgs });
});

after(async () => {
  await stopStack(s);
  server.close();
});

test('Check now names the newer release and links its page; checking at log-in is opt-in and once per start', async () => {
  const page = await openApp(s);
  await withArtifacts('update-check', page, async () => {
    await enterAs(page, s, 'uma');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-account').click();
    const box = page.getByTestId('updates');
    await box.waitFor();
    assert.equal(await page.getByTestId('app-version').textContent(), RUNNING);

    // Off by default: logging in asked nothing.
    assert.equal(await page.getByTestId('update-auto').isChecked(), false);
    await sleep(500);
    assert.equal(requests.length, 0, 'Parley asked for releases before the learner did');

    // Turning it on saves the setting and is not itself a check.
    await page.getByTestId('update-auto').check();
    await page.waitForFunction(async () => (await window.go.main.App.GetSettings()).checkUpdates === true);
    assert.equal(requests.length, 0);

    await page.getByTestId('update-check-now').click();
    const result = page.getByTestId('update-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-newer'), 'true');
    const text = (await result.textContent()).replace(/\s+/g, ' ');
    assert.ok(text.includes(en['update.newer'].replace('{latest}', 'v1.3.0').replace('{current}', RUNNING)), text);
    const link = page.getByTestId('update-open');
    assert.equal(await link.textContent(), en['update.open'].replace('{latest}', 'v1.3.0'));
    assert.equal(await link.getAttribute('title'), PAGE);
    assert.equal(requests.length, 1);
    assert.equal(requests[0].agent, `Parley/${RUNNING}`);
    await box.screenshot({ path: screenshotPath('92-update-newer') });

    // With checking on, the next log-in (here: the UI starting again) asks once and says so ...
    await reloadApp(page);
    const toast = page.getByTestId('update-toast');
    await toast.waitFor();
    assert.ok((await toast.textContent()).includes('v1.3.0'));
    assert.equal(requests.length, 2);
    await page.screenshot({ path: screenshotPath('92-update-toast') });
    // ... and only once per start.
    await reloadApp(page);
    await page.getByTestId('sidebar').waitFor({ state: 'attached' });
    await sleep(1000);
    assert.equal(requests.length, 2, 'the check at log-in ran twice in one start');
  });
  await page.context().close();
});
