// The coach in the real app: corrections under the learner's line in each practice language,
// with what changed highlighted and explained; a quiet check mark for a natural line; the Check
// button when the coach works on request; Retry after an unreadable answer; and the scene's
// goals ticking as the coach finds them met.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, screenshotPath, startStack, stopStack, withArtifacts } from '../lib/harness.mjs';
import { bubbles, catalogues, enterAs, openRoom, reply, resetFake, roomInput, script, sendLine, waitForLastReply, waitForReplyTo } from '../lib/parley.mjs';

const en = catalogues.en;
let s;
let page;
let rooms;

const ROOMS = {
  en: roomInput({ title: 'Coach café', goal: 'Order a drink with a size\nAsk one question about the menu' }),
  ko: roomInput({ title: '코치 카페', language: 'ko', formality: 'polite', situation: '서울의 카페에서 주문한다.', myRole: '손님', aiRole: '바리스타' }),
  ja: roomInput({ title: 'コーチ・カフェ', language: 'ja', formality: 'polite', situation: 'カフェで注文する。', myRole: '客', aiRole: '店員' }),
};
const OPENING = { en: 'Hi! What can I get you?', ko: '어서 오세요! 뭘 드릴까요?', ja: 'いらっしゃいませ！ご注文は？' };

/** A scripted coach answer: the JSON the per-turn schema asks for. */
function coachSays(answer) {
  return { endpoint: 'coach', reply: JSON.stringify({ verdict: 'natural', corrected: '', changes: [], alternative: '', goals_met: [], ...answer }) };
}

const requests = async () => s.fake.control('/_control/requests');

// The dev build writes an exported debrief here instead of showing the OS save dialog.
const saveDir = mkdtempSync(join(tmpdir(), 'parley-e2e-export-'));
process.env.PARLEY_E2E_SAVE_DIR = saveDir;

before(async () => {
  s = await startStack();
  page = await openApp(s);
  rooms = await enterAs(page, s, 'coachee', { rooms: [ROOMS.en, ROOMS.ko, ROOMS.ja] });
});
after(async () => {
  if (s) await stopStack(s);
  rmSync(saveDir, { recursive: true, force: true });
});
beforeEach(async () => { await resetFake(s); });

const opened = new Set();
async function open(lang) {
  const r = rooms[['en', 'ko', 'ja'].indexOf(lang)];
  // Only an empty room asks for an opening line; a leftover script would answer the next line.
  if (!opened.has(lang)) await script(s, reply(OPENING[lang]));
  opened.add(lang);
  await openRoom(page, r.id);
  await waitForLastReply(page, 'done');
  return r;
}

/**
 * Picks the open room's coach mode and waits until Go has stored it: the mode is shown at once,
 * but a line sent before Go saved it would be coached by the old one.
 */
async function pickMode(room, value) {
  await page.getByTestId('coach-mode').selectOption(value);
  await page.waitForFunction(async ([id, m]) => (await window.go.main.App.RoomCoaching(id)).mode === m, [room.id, value]);
}

const lastFeedback = () => page.locator('[data-testid=message][data-role=user]').last().getByTestId('coach-feedback');

const CASES = {
  en: {
    line: 'I want a latte hot medium',
    answer: { verdict: 'corrected', corrected: "I'd like a medium hot latte",
      changes: [{ original: 'I want', corrected: "I'd like", category: 'register', explanation: "\"I'd like\" is the polite way to order." },
        { original: 'a latte hot medium', corrected: 'a medium hot latte', category: 'grammar', explanation: 'The size and temperature come before the drink.' }],
      goals_met: [1] },
    removed: ['I want', 'latte', 'medium'], inserted: ["I'd like", 'medium', 'latte'],
  },
  ko: {
    line: '아메리카노 줘',
    answer: { verdict: 'corrected', corrected: '아메리카노 주세요',
      changes: [{ original: '줘', corrected: '주세요', category: 'register', explanation: 'The room is polite: use 주세요, not 반말 줘.' }] },
    removed: ['줘'], inserted: ['주세요'],
  },
  ja: {
    line: 'コーヒーがください',
    answer: { verdict: 'corrected', corrected: 'コーヒーをください',
      changes: [{ original: 'が', corrected: 'を', category: 'particle_ending', explanation: 'ください takes its object with を.' }] },
    removed: ['が'], inserted: ['を'],
  },
};

for (const lang of ['en', 'ko', 'ja']) {
  test(`a ${lang} line is corrected under the bubble with the changes highlighted and explained`, async () => {
    await withArtifacts(`coach-corrected-${lang}`, page, async () => {
      await open(lang);
      const c = CASES[lang];
      const answer = lang === 'en' ? 'One medium hot latte, coming up.' : lang === 'ko' ? '네, 아메리카노 한 잔이요.' : 'はい、コーヒーですね。';
      await script(s, coachSays(c.answer), reply(answer));
      await sendLine(page, c.line);
      assert.equal((await waitForReplyTo(page, c.line)).text, answer);
      const fb = lastFeedback();
      await fb.and(page.locator('[data-status=ready]')).waitFor();
      assert.equal(await fb.getAttribute('data-verdict'), 'corrected');
      assert.deepEqual(await fb.getByTestId('coach-del').allTextContents(), c.removed, 'the removed text is marked');
      assert.deepEqual(await fb.getByTestId('coach-ins').allTextContents(), c.inserted, 'the inserted text is marked');
      assert.equal((await fb.getByTestId('coach-corrected').textContent()).length > 0, true);
      await fb.getByTestId('coach-why').click();
      assert.deepEqual(await fb.getByTestId('coach-explanation').allTextContents(), c.answer.changes.map((x) => x.explanation));
      await page.screenshot({ path: screenshotPath(`coach-corrected-${lang}`) });

      // Exactly one coach request for the line, beside the one role-play request.
      const reqs = await requests();
      const coach = reqs.filter((r) => r.endpoint === 'coach');
      const chat = reqs.filter((r) => r.endpoint === 'chat' && r.messages.at(-1).content === c.line);
      assert.equal(coach.length, 1);
      assert.equal(coach[0].schemaName, 'parley_coach_turn');
      assert.equal(coach[0].responseFormat, 'json_schema');
      assert.ok(coach[0].messages[1].content.includes(`<learner_line>\n${c.line}\n</learner_line>`));
      assert.ok(coach[0].messages[0].content.includes('Write every explanation in English'));
      assert.ok(chat.at(-1).messages.every((m) => !m.content.includes('teacher')), 'the coach never enters the role-play');
      if (lang === 'en') {
        // What one learner turn costs, as the fake counts tokens (a word is a token).
        const tokens = (r) => 3 + r.messages.reduce((n, m) => n + 4 + m.content.split(/\s+/).filter(Boolean).length, 0);
        console.log(`# one learner turn: ${chat.length} role-play request (${tokens(chat.at(-1))} prompt tokens) + ${coach.length} coach request (${tokens(coach[0])} prompt tokens)`);
      }
    });
  });
}

test('the goals tick as the coach finds them met, and say when all are done', async () => {
  await withArtifacts('coach-goals', page, async () => {
    await open('en');
    // The scenario card starts compact; the checklist is inside it.
    if ((await page.getByTestId('scenario-card').getAttribute('data-open')) !== 'true') await page.getByTestId('scenario-toggle').click();
    const goals = page.getByTestId('goal');
    await page.locator('[data-testid=goal][data-met=true]').first().waitFor();
    assert.deepEqual(await goals.evaluateAll((els) => els.map((e) => e.dataset.met)), ['true', 'false'], 'goal 1 was met by the first line');
    await script(s, coachSays({ goals_met: [1, 2] }), reply('We have oat milk and soy milk.'));
    await sendLine(page, 'What kinds of milk do you have?');
    assert.equal((await waitForReplyTo(page, 'What kinds of milk do you have?')).text, 'We have oat milk and soy milk.');
    await page.getByTestId('goals-done').waitFor();
    assert.deepEqual(await goals.evaluateAll((els) => els.map((e) => e.dataset.met)), ['true', 'true']);
    assert.ok((await page.getByTestId('goals-done').textContent()).startsWith(en['coach.goalsDone']));
    assert.equal(await page.getByTestId('goals-debrief').textContent(), en['debrief.see'], 'the debrief is offered');
    await lastFeedback().and(page.locator('[data-verdict=natural]')).waitFor();
    assert.equal(await lastFeedback().textContent(), en['coach.natural'], 'a line with nothing to fix gets a quiet check mark');
    // Notes that appeared under lines and a taller card leave the latest reply in view.
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid=messages]');
      return el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    }, null, { timeout: 3000 });
    await page.screenshot({ path: screenshotPath('coach-mission') });
    // Folded, the card still shows how many goals are met.
    await page.getByTestId('scenario-toggle').click();
    assert.equal(await page.getByTestId('goals-peek').textContent(), '✓ 2/2');
    await page.getByTestId('scenario-toggle').click();
  });
});

test('on request, each of my lines has a Check button and nothing is asked before it is pressed', async () => {
  await withArtifacts('coach-on-request', page, async () => {
    const room = await open('en');
    await pickMode(room, 'request');
    await script(s, reply('Sure, to go?'));
    await sendLine(page, 'Can I has a muffin?');
    await waitForReplyTo(page, 'Can I has a muffin?');
    const fb = lastFeedback();
    await fb.getByTestId('coach-check').waitFor();
    assert.equal((await requests()).filter((r) => r.endpoint === 'coach').length, 0, 'no coach request before Check');
    await script(s, coachSays({ verdict: 'corrected', corrected: 'Can I have a muffin?',
      changes: [{ original: 'has', corrected: 'have', category: 'grammar', explanation: 'After "I", use have.' }] }));
    await fb.getByTestId('coach-check').click();
    await fb.and(page.locator('[data-status=ready]')).waitFor();
    assert.deepEqual(await fb.getByTestId('coach-ins').allTextContents(), ['have']);
    assert.equal((await requests()).filter((r) => r.endpoint === 'coach').length, 1);
    await pickMode(room, 'on');
  });
});

test('an unreadable answer says feedback is unavailable and Retry asks again', async () => {
  await withArtifacts('coach-retry', page, async () => {
    await open('en');
    await script(s, { endpoint: 'coach', fail: 'malformed' }, reply('Anything else?'));
    await sendLine(page, 'A croissant too, please.');
    await waitForReplyTo(page, 'A croissant too, please.');
    const fb = lastFeedback();
    await fb.and(page.locator('[data-status=unavailable]')).waitFor();
    assert.ok((await fb.textContent()).includes(en['coach.unavailable']));
    const replies = await page.locator('[data-testid=message][data-role=assistant] .bubble .text').allTextContents();
    assert.equal(replies.at(-1).trim(), 'Anything else?', 'the reply is intact');
    await script(s, coachSays({}));
    await fb.getByTestId('coach-retry').click();
    await fb.and(page.locator('[data-verdict=natural]')).waitFor();
  });
});

test('the hint ladder reveals four rungs one by one and Use puts the line in the composer', async () => {
  await withArtifacts('coach-hints', page, async () => {
    const room = await open('ko');
    const before = await bubbles(page);
    await script(s, { endpoint: 'coach', reply: JSON.stringify({ aim: 'Ask how much it costs.',
      phrases: [{ text: '얼마', meaning: 'how much' }, { text: '예요?', meaning: 'is it? (polite)' }],
      starter: '이거…', line: '이거 얼마예요?', translation: 'How much is this?' }) });
    await page.getByTestId('suggest').click();
    const rungs = () => page.getByTestId('hint-rung').evaluateAll((els) => els.map((e) => e.dataset.rung));
    await page.getByTestId('hint-aim').waitFor();
    assert.deepEqual(await rungs(), ['1']);
    assert.equal(await page.getByTestId('hint-aim').textContent(), 'Ask how much it costs.');
    for (const want of [['1', '2'], ['1', '2', '3'], ['1', '2', '3', '4']]) {
      await page.getByTestId('hint-more').click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=hint-rung]').length === n, want.length);
      assert.deepEqual(await rungs(), want);
    }
    assert.equal(await page.getByTestId('hint-text').textContent(), '이거 얼마예요?');
    assert.equal(await page.getByTestId('hint-translation').textContent(), 'How much is this?');
    await page.screenshot({ path: screenshotPath('coach-hint-ladder') });
    const coach = (await requests()).filter((r) => r.endpoint === 'coach');
    assert.equal(coach.length, 1, 'all four rungs came from one request');
    assert.equal(coach[0].schemaName, 'parley_hint_ladder');
    assert.deepEqual(await bubbles(page), before, 'a hint is not part of the conversation');

    await page.getByTestId('hint-use').click();
    assert.equal(await page.getByTestId('composer').inputValue(), '이거 얼마예요?');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'composer');
    await script(s, coachSays({}), reply('오천 원이에요.'));
    await page.keyboard.press('Enter');
    await waitForReplyTo(page, '이거 얼마예요?');
    const line = (await bubbles(page)).filter((b) => b.role === 'user').at(-1);
    await page.waitForFunction(async ([roomId, id]) => {
      const rc = await window.go.main.App.RoomCoaching(roomId);
      return rc.rungs.some((r) => r.messageId === id && r.rung === 4);
    }, [room.id, line.id]);
    // The coach's note on the line is asked for in the background: let it land in this test, not
    // after the next one reset the fake, where it would take that test's scripted coach answer.
    await lastFeedback().and(page.locator('[data-verdict=natural]')).waitFor();
  });
});

test('Translate shows a message in my UI language, and shows it again without asking twice', async () => {
  await withArtifacts('coach-translate', page, async () => {
    await open('ja');
    await script(s, { endpoint: 'coach', reply: JSON.stringify({ translation: 'Welcome! What would you like to order?' }) });
    const opening = page.locator('[data-testid=message][data-role=assistant]').first();
    await opening.getByTestId('translate').click();
    const note = opening.getByTestId('translation');
    await note.and(page.locator('[data-state=ready]')).waitFor();
    assert.equal(await note.textContent(), 'Welcome! What would you like to order?');
    let coach = (await requests()).filter((r) => r.endpoint === 'coach');
    assert.equal(coach.length, 1);
    assert.equal(coach[0].schemaName, 'parley_translation');
    assert.ok(coach[0].messages[0].content.includes('from Japanese (日本語) into English'));
    await page.screenshot({ path: screenshotPath('coach-translate') });
    await opening.getByTestId('translate').click();
    await note.waitFor({ state: 'detached' });
    await opening.getByTestId('translate').click();
    await note.and(page.locator('[data-state=ready]')).waitFor();
    assert.equal(await note.textContent(), 'Welcome! What would you like to order?');
    coach = (await requests()).filter((r) => r.endpoint === 'coach');
    assert.equal(coach.length, 1, 'the kept translation was shown without a new request');
  });
});

test('How do I say…? turns what I mean into ways to say it, and Use puts one in the composer', async () => {
  await withArtifacts('coach-howto', page, async () => {
    await open('ja');
    await page.getByTestId('howto-open').click();
    await page.getByTestId('howto-input').fill('Can I pay by card?');
    await script(s, { endpoint: 'coach', reply: JSON.stringify({ ways: [
      { text: 'カードで払えますか？', note: 'Simple and polite.' },
      { text: 'カードは使えますか？', note: 'Asks whether cards are accepted at all.' }] }) });
    await page.getByTestId('howto-ask').click();
    await page.getByTestId('howto-way').first().waitFor();
    assert.deepEqual(await page.getByTestId('howto-text').allTextContents(), ['カードで払えますか？', 'カードは使えますか？']);
    const coach = (await requests()).filter((r) => r.endpoint === 'coach');
    assert.equal(coach.at(-1).schemaName, 'parley_ways_to_say');
    assert.ok(coach.at(-1).messages[1].content.includes('<meaning>\nCan I pay by card?\n</meaning>'));
    await page.screenshot({ path: screenshotPath('coach-howto') });
    await page.getByTestId('howto-use').nth(1).click();
    await page.getByTestId('howto').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('composer').inputValue(), 'カードは使えますか？');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'composer');
    await page.getByTestId('composer').fill('');
  });
});

test('End session shows a debrief of the session, keeps it with the room and exports it as Markdown', async () => {
  await withArtifacts('coach-debrief', page, async () => {
    await open('en');
    await script(s, { endpoint: 'coach', reply: JSON.stringify({
      phrases: [{ text: 'coming up', meaning: 'being made for you now' }, { text: 'oat milk', meaning: 'a milk made from oats' }],
      felt: 'A2', next: 'B1', note: 'Your orders were clear; word order is the next thing to work on.' }) });
    await page.getByTestId('end-session').click();
    const dialog = page.getByTestId('debrief');
    await dialog.and(page.locator('[data-state=ready]')).waitFor();
    const categories = await dialog.getByTestId('debrief-category').evaluateAll((els) => els.map((e) => e.dataset.category));
    assert.ok(categories.includes('grammar') && categories.includes('register'), `categories ${categories}`);
    assert.deepEqual(await dialog.getByTestId('debrief-phrase').allTextContents(),
      ['coming up — being made for you now', 'oat milk — a milk made from oats']);
    assert.equal(await dialog.getByTestId('debrief-level').textContent(), 'The room is set to A2; your lines felt like A2. Next: try B1.');
    assert.match(await dialog.getByTestId('debrief-stats').textContent(), /^\d+ lines, \d+ words, \d+ min$/);
    assert.deepEqual(await dialog.getByTestId('debrief-goal').evaluateAll((els) => els.map((e) => e.dataset.met)), ['true', 'true']);
    const asked = (await requests()).filter((r) => r.endpoint === 'coach').at(-1);
    assert.equal(asked.schemaName, 'parley_debrief');
    assert.ok(asked.messages[1].content.includes('Learner: I want a latte hot medium'));
    await page.screenshot({ path: screenshotPath('coach-debrief') });

    await dialog.getByTestId('debrief-export').click();
    await page.getByTestId('toast').filter({ hasText: saveDir }).waitFor();
    const files = readdirSync(saveDir);
    assert.equal(files.length, 1);
    assert.match(files[0], /^Coach café \d{4}-\d{2}-\d{2}\.md$/);
    const md = readFileSync(join(saveDir, files[0]), 'utf8');
    assert.ok(md.startsWith('# Debrief: Coach café'), md);
    assert.ok(md.includes('- **coming up**: being made for you now'));
    assert.ok(md.includes('~~I want~~ → **I\'d like**'));

    await dialog.getByTestId('debrief-close').click();
    await dialog.waitFor({ state: 'detached' });
    // A new session starts with its goals unticked; the debrief stays with the room.
    assert.deepEqual(await page.getByTestId('goal').evaluateAll((els) => els.map((e) => e.dataset.met)), ['false', 'false']);
    await page.getByTestId('past-debriefs').locator('summary').click();
    await page.getByTestId('past-debrief').first().click();
    await dialog.and(page.locator('[data-state=ready]')).waitFor();
    assert.equal(await dialog.getByTestId('debrief-phrase').count(), 2);
    await dialog.getByTestId('debrief-close').click();
  });
});
