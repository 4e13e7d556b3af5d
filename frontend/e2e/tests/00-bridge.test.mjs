// The UI talks to the real Go backend: a bound method answers, and a coded
// Go error reaches JS as {code, field, message}. And the harness itself: an
// uncaught error in the page fails the test that saw it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, openApp, startStack, stopStack, withArtifacts } from '../lib/harness.mjs';

let s;
before(async () => { s = await startStack(); });
after(async () => { if (s) await stopStack(s); });

test('a bound Go method answers the page, with the data folder the harness chose', async () => {
  const page = await openApp(s);
  await withArtifacts('bridge-appinfo', page, async () => {
    const info = await page.evaluate(() => window.go.main.App.AppInfo());
    assert.equal(info.dataPath, `${s.app.dataDir}/parley.db`);
    assert.ok(info.version.length > 0);
  });
  await page.context().close();
});

test('a refused link comes back as a coded error, not a string', async () => {
  const page = await openApp(s);
  await withArtifacts('bridge-error', page, async () => {
    const err = await page.evaluate(() => window.go.main.App.OpenExternal('javascript:alert(1)').then(() => null, (e) => e));
    assert.equal(err.code, 'link.not_allowed');
  });
  await page.context().close();
});

test('an uncaught error or unhandled rejection in the page fails the test, with its text in the failure artifacts', async () => {
  const page = await openApp(s);
  const name = 'bridge-uncaught-selftest';
  const errorsFile = join(artifacts, 'failures', `${name}.errors.txt`);
  rmSync(errorsFile, { force: true });
  // The body itself passes; only what the page threw on its own may fail it.
  const outcome = await withArtifacts(name, page, async () => {
    await page.evaluate(() => {
      setTimeout(() => { throw new TypeError('e2e-selftest: thrown from a timer'); }, 0);
      Promise.reject(new Error('e2e-selftest: rejected and never handled'));
    });
    await page.waitForTimeout(50);
  }).then(() => null, (e) => e);
  assert.ok(outcome, 'withArtifacts must fail a test whose page threw');
  assert.match(outcome.message, /e2e-selftest: thrown from a timer/);
  assert.match(outcome.message, /e2e-selftest: rejected and never handled/);
  const saved = readFileSync(errorsFile, 'utf8');
  assert.match(saved, /TypeError: e2e-selftest: thrown from a timer/);
  assert.match(saved, /e2e-selftest: rejected and never handled/);
  rmSync(errorsFile, { force: true });
  rmSync(join(artifacts, 'failures', `${name}.console.txt`), { force: true });
  rmSync(join(artifacts, 'failures', `${name}.png`), { force: true });
  // Errors are charged once: the next test on the same page starts clean.
  assert.equal(await withArtifacts(`${name}-after`, page, async () => 'clean'), 'clean');
  await page.context().close();
});
