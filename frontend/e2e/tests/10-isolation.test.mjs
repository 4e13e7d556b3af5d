// Two accounts on one computer, through the real bindings: the second user
// cannot list, open, edit, delete, restore or chat in the first user's room.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, startStack, stopStack, withArtifacts } from '../lib/harness.mjs';

let s;
before(async () => { s = await startStack(); });
after(async () => { if (s) await stopStack(s); });

/** Calls a bound method; resolves {ok, value} or {ok:false, code, field}. */
const call = (page, method, ...args) => page.evaluate(async ([m, a]) => {
  try { return { ok: true, value: await window.go.main.App[m](...a) }; }
  catch (e) { return { ok: false, code: e && e.code, field: e && e.field }; }
}, [method, args]);

test('a second user sees none of the first user\'s rooms, by any bound method', async () => {
  const page = await openApp(s);
  await withArtifacts('isolation', page, async () => {
    const a = await call(page, 'SignUp', { username: 'ann', password: 'correct horse battery', displayName: 'Ann' });
    assert.ok(a.ok, `sign-up failed: ${a.code}`);
    assert.match(a.value.recoveryCode, /\w{4}/);
    const room = await call(page, 'CreateRoom', {
      title: 'Coffee in Tokyo', language: 'ja', level: 'A2', situation: 'Ordering coffee at a small café in Tokyo',
      myRole: 'customer', aiRole: 'barista', goal: '', formality: 'polite', presetId: '',
    });
    assert.ok(room.ok, `create failed: ${room.code} ${room.field}`);
    const id = room.value.id;
    assert.ok((await call(page, 'LogOut')).ok);

    const b = await call(page, 'SignUp', { username: 'bob', password: 'another good password', displayName: '' });
    assert.ok(b.ok, `second sign-up failed: ${b.code}`);
    const list = await call(page, 'ListRooms');
    assert.deepEqual(list.value, [], 'bob must see an empty room list');

    const edit = { title: 'mine now', language: 'en', level: 'B1', situation: 's', myRole: 'a', aiRole: 'b', goal: '', formality: '', presetId: '' };
    const attempts = [
      ['GetRoom', id], ['UpdateRoom', id, edit], ['DeleteRooms', [id]], ['RestoreRooms', [id]],
      ['ListMessages', id, 0, 30], ['SendMessage', id, 'hello'], ['OpenScene', id],
    ];
    for (const [m, ...args] of attempts) {
      const r = await call(page, m, ...args);
      assert.equal(r.ok, false, `${m} on another user's room must fail`);
      assert.equal(r.code, 'room.not_found', `${m}: got ${r.code}`);
    }
    assert.ok((await call(page, 'LogOut')).ok);

    // Ann's room is untouched.
    const back = await call(page, 'LogIn', { username: 'ann', password: 'correct horse battery' });
    assert.ok(back.ok, `log-in failed: ${back.code}`);
    const mine = await call(page, 'GetRoom', id);
    assert.equal(mine.value.title, 'Coffee in Tokyo');
    assert.equal((await call(page, 'ListRooms')).value.length, 1);
  });
  await page.context().close();
});

test('nothing user data-related answers before log-in', async () => {
  const page = await openApp(s);
  await withArtifacts('logged-out', page, async () => {
    await call(page, 'LogOut');
    for (const m of ['ListRooms', 'GetSettings', 'ListTrash']) {
      const r = await call(page, m);
      assert.equal(r.code, 'auth.required', `${m} before log-in: got ${r.code}`);
    }
  });
  await page.context().close();
});
