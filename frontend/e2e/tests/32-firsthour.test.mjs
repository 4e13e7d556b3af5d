// A learner's first hour (issue 14): the first-run path from sign-up to a first scene, and a
// connection test that tries what is typed without replacing the stored key.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, screenshotPath, startStack, stopStack, withArtifacts } from '../lib/harness.mjs';
import { API_KEY, catalogues, enterAs, must, reply, resetFake, script, waitForLastReply } from '../lib/parley.mjs';

const { en } = catalogues;
let s;
before(async () => { s = await startStack(); });
after(async () => { if (s) await stopStack(s); });

const shot = (page, name) => page.screenshot({ path: screenshotPath(name), animations: 'disabled' });

test('a new learner picks a local server, tests it, and starts a first scene', async () => {
  const page = await openApp(s);
  await withArtifacts('firsthour-onboarding', page, async () => {
    await resetFake(s);
    await enterAs(page, s, 'nora', { settings: null });
    const onboarding = page.getByTestId('onboarding');
    await onboarding.waitFor();
    assert.equal(await onboarding.getAttribute('data-step'), 'provider');
    await shot(page, 'firsthour-01-provider');

    // The server wants a key the learner has not given: the test says so and nothing is kept.
    await s.fake.control('/_control/config', { requireKey: 'sk-local-only' });
    await page.getByTestId('provider-lmstudio').click();
    assert.equal(await page.getByTestId('onboard-baseurl').inputValue(), 'http://localhost:1234/v1');
    await page.getByTestId('onboard-baseurl').fill(s.fake.baseURL);
    await page.getByTestId('onboard-test').click();
    const err = page.getByTestId('onboard-error');
    await err.waitFor();
    assert.equal(await err.getAttribute('data-code'), 'llm.unauthorized');
    assert.equal((await err.textContent()).trim(), en['err.llm.unauthorized']);
    const untouched = await must(page, 'GetSettings');
    assert.equal(untouched.baseUrl, 'https://api.openai.com/v1', 'a failed test saves nothing');

    await s.fake.control('/_control/config', { requireKey: '' });
    await page.getByTestId('onboard-test').click();
    await page.locator('[data-testid=onboarding][data-step=scene]').waitFor();
    const saved = await must(page, 'GetSettings');
    assert.equal(saved.baseUrl, s.fake.baseURL, 'a passed test saves the server');
    assert.ok(saved.model, 'a model is chosen from those the server offers');
    await shot(page, 'firsthour-02-scene');

    await script(s, reply('Welcome! What can I get you?'));
    await page.getByTestId('onboard-scene').first().click();
    await page.getByTestId('chat-view').waitFor();
    assert.equal((await waitForLastReply(page, 'done')).text, 'Welcome! What can I get you?');
    assert.equal((await must(page, 'ListRooms')).length, 1);
  });
  await page.context().close();
});

test('Test connection tries a new key without replacing the stored one; only Save keeps it', async () => {
  const page = await openApp(s);
  await withArtifacts('firsthour-test-unsaved', page, async () => {
    await resetFake(s);
    await enterAs(page, s, 'omar');
    await s.fake.control('/_control/config', { requireKey: API_KEY });
    // Settings are one click away in the sidebar, not only behind the avatar menu.
    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings-view').waitFor();
    await page.getByTestId('settings-apikey').fill('sk-mistyped-key-0000');
    await page.getByTestId('settings-test').click();
    await page.locator('[data-testid=test-result][data-ok=false]').waitFor();
    assert.equal(await page.getByTestId('test-result').getAttribute('data-code'), 'llm.unauthorized');
    const after1 = await must(page, 'GetSettings');
    assert.equal(after1.keyLast4, API_KEY.slice(-4), 'the working key is still stored');
    const reqs = await s.fake.control('/_control/requests');
    assert.equal(reqs.at(-1).authorization, 'Bearer sk-mistyped-key-0000', 'the typed key is the one tested');

    await page.getByTestId('settings-apikey').fill('');
    await page.getByTestId('settings-test').click();
    await page.locator('[data-testid=test-result][data-ok=true]').waitFor();
  });
  await page.context().close();
});

test('an error that names a setting opens that setting', async () => {
  const page = await openApp(s);
  await withArtifacts('firsthour-error-setting', page, async () => {
    await resetFake(s);
    await enterAs(page, s, 'pia', { rooms: [{}] });
    await s.fake.control('/_control/config', { requireKey: 'sk-some-other-key' });
    await page.locator('[data-testid=room-item] .room-link').first().click();
    const err = page.getByTestId('message-error');
    await err.waitFor();
    assert.equal(await err.getAttribute('data-code'), 'llm.unauthorized');
    await page.getByTestId('open-setting').click();
    await page.getByTestId('settings-view').waitFor();
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'settings-apikey');
  });
  await page.context().close();
});

test('a room\'s menu renames, practises again, pins and deletes with Undo; the list sorts by name', async () => {
  const page = await openApp(s);
  await withArtifacts('firsthour-room-menu', page, async () => {
    await resetFake(s);
    const [coffee, hotel] = await enterAs(page, s, 'rosa', {
      rooms: [{ title: 'Coffee' }, { title: 'Hotel', situation: 'You check in late at night.' }],
    });
    const titles = () => page.getByTestId('room-title').allTextContents();
    const item = (id) => page.locator(`[data-testid=room-item][data-room-id="${id}"]`);
    const menuOf = async (id) => {
      await item(id).hover();
      await item(id).getByTestId('room-menu-button').click();
      await item(id).getByTestId('room-menu').waitFor();
    };

    await menuOf(coffee.id);
    await shot(page, 'firsthour-03-room-menu');
    await page.getByTestId('room-menu-rename').click();
    await page.getByTestId('room-rename').fill('Morning coffee');
    await page.getByTestId('room-rename').press('Enter');
    await page.locator('[data-testid=room-title]', { hasText: 'Morning coffee' }).waitFor();
    assert.equal((await must(page, 'GetRoom', coffee.id)).title, 'Morning coffee');

    // Right-click opens the same menu; practise again makes a fresh room with the same scene.
    await item(hotel.id).click({ button: 'right' });
    await page.getByTestId('room-menu-again').click();
    await page.getByTestId('chat-view').waitFor();
    await page.locator('[data-testid=room-heading]', { hasText: 'Hotel (again)' }).waitFor();
    const all = await must(page, 'ListRooms');
    const copy = all.find((r) => r.title === 'Hotel (again)');
    assert.equal(copy.situation, 'You check in late at night.');

    await menuOf(coffee.id);
    await page.getByTestId('room-menu-pin').click();
    await page.waitForFunction((id) => document.querySelector('[data-testid=room-item]')?.dataset.roomId === id, coffee.id);
    assert.deepEqual(await must(page, 'PinnedRooms'), [coffee.id]);
    await page.getByTestId('room-sort').selectOption('name');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=room-title]')].map((e) => e.textContent).join('|')
      === 'Morning coffee|Hotel|Hotel (again)');

    // The Delete key on a room deletes it, with Undo.
    await item(hotel.id).locator('.room-link').focus();
    await page.keyboard.press('Delete');
    await page.getByTestId('undo-button').waitFor();
    assert.equal((await titles()).length, 2);
    await page.getByTestId('undo-button').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=room-item]').length === 3);
    assert.equal((await must(page, 'GetSettings')).roomSort, 'name');
  });
  await page.context().close();
});

test('the usage panel sums this room, this month and each model, with an unpriced model\'s cost unknown', async () => {
  const page = await openApp(s);
  await withArtifacts('firsthour-usage', page, async () => {
    await resetFake(s);
    const [room] = await enterAs(page, s, 'sami', { rooms: [{ title: 'Usage room' }] });
    await script(s, reply('Hello there!', { usage: { promptTokens: 1000, completionTokens: 20 } }));
    await page.locator(`[data-testid=room-item][data-room-id="${room.id}"] .room-link`).click();
    await waitForLastReply(page, 'done');
    assert.equal(await page.getByTestId('message-usage').count(), 0, 'no token figures on the chat by default');
    await must(page, 'SaveSettings', { apiKey: '', clearKey: false, baseUrl: s.fake.baseURL, model: 'llama3.2', temperature: 0.7,
      proxyUrl: '', uiLanguage: 'en', theme: 'system' });
    await script(s, reply('A local answer.', { usage: { promptTokens: 500, completionTokens: 5 } }));
    await page.getByTestId('composer').fill('Hi');
    await page.getByTestId('composer').press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=message][data-role=assistant][data-status=done]').length === 2);

    await page.locator(`[data-testid=room-item][data-room-id="${room.id}"]`).hover();
    await page.locator(`[data-testid=room-item][data-room-id="${room.id}"] [data-testid=room-menu-button]`).click();
    await page.getByTestId('room-menu-usage').click();
    await page.getByTestId('usage-panel').waitFor();
    const roomRow = (await page.getByTestId('usage-room').textContent());
    assert.match(roomRow, /1,500/);
    const month = page.getByTestId('usage-month');
    assert.match(await month.textContent(), /1,500/);
    assert.equal((await month.locator('[data-cost-known]').textContent()).trim(), en['usage.unknown']);
    const models = await page.getByTestId('usage-model').locator('th').allTextContents();
    assert.deepEqual(models, ['gpt-4o-mini', 'llama3.2']);
    await shot(page, 'firsthour-04-usage');
  });
  await page.context().close();
});

test('a profile sets the name and the explanation language; the scenario card shows the scene in it too', async () => {
  const page = await openApp(s);
  await withArtifacts('firsthour-profile-card', page, async () => {
    await resetFake(s);
    const [room] = await enterAs(page, s, 'tomo', {
      rooms: [{ title: '카페', language: 'ko', level: 'A1', situation: '서울의 작은 카페에서 커피를 주문합니다.', myRole: '손님', aiRole: '바리스타' }],
    });
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-account').click();
    await page.getByTestId('profile-displayname').fill('Tomo S.');
    await page.getByTestId('profile-explain').selectOption('ja');
    await page.getByTestId('profile-practice-language').selectOption('ko');
    await page.getByTestId('profile-save').click();
    await page.getByTestId('profile-saved').waitFor();
    assert.equal((await must(page, 'WhoAmI')).user.displayName, 'Tomo S.');
    assert.equal((await must(page, 'GetSettings')).explainLanguage, 'ja');

    await script(s, reply('어서 오세요! 뭐 드릴까요?'),
      reply('{"situation": "ソウルの小さなカフェでコーヒーを注文します。", "myRole": "客", "aiRole": "バリスタ", "goal": ""}'));
    await page.locator(`[data-testid=room-item][data-room-id="${room.id}"] .room-link`).click();
    await waitForLastReply(page, 'done');
    assert.equal(await page.getByTestId('scenario-card').getAttribute('data-open'), 'false', 'compact by default');
    await page.getByTestId('scenario-toggle').click();
    const tr = page.getByTestId('scenario-situation-tr');
    await tr.waitFor();
    assert.equal((await tr.textContent()).trim(), 'ソウルの小さなカフェでコーヒーを注文します。');
    assert.equal(await tr.getAttribute('lang'), 'ja');
    await shot(page, 'firsthour-05-bilingual-card');
    // Opened once, it stays open for this room after logging in again; the translation is not asked again.
    const asked = (await s.fake.control('/_control/requests')).length;
    await page.reload();
    await page.waitForFunction(() => window.go && window.go.main && window.go.main.App);
    await page.locator(`[data-testid=room-item][data-room-id="${room.id}"] .room-link`).click();
    await page.getByTestId('scenario-situation-tr').waitFor();
    assert.equal(await page.getByTestId('scenario-card').getAttribute('data-open'), 'true');
    assert.equal((await s.fake.control('/_control/requests')).length, asked, 'the translation came from the cache');
  });
  await page.context().close();
});
