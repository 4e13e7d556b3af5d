// The UI talks to the real Go backend: a bound method answers, and a coded
// Go error reaches JS as {code, field, message}.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, startStack, stopStack, withArtifacts } from '../lib/harness.mjs';

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
