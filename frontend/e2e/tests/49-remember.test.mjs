// Remember what the coach taught: Save on a correction keeps the corrected line with the line
// the learner wrote as its context, Save on a debrief phrase keeps it with the partner's line it
// came from; both are in the phrasebook with their room and source and are due in review, and
// Progress shows the correction as corrections per 100 words.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, screenshotPath, startStack, stopStack, withArtifacts } from '../lib/harness.mjs';
import learn from '../../src/i18n/learn.js';
import { enterAs, must, openRoom, reply, roomInput, script, sendLine, waitForLastReply, waitForReplyTo } from '../lib/parley.mjs';

const en = learn.en; // the learning features' strings live beside the main catalogue
let s;
let page;
let room;
before(async () => {
  s = await startStack();
  page = await openApp(s);
  [room] = await enterAs(page, s, 'keeper', { rooms: [roomInput({ title: 'Muffin café', goal: 'Order a muffin' })] });
});
after(async () => { if (s) await stopStack(s); });

const coachSays = (answer) => ({ endpoint: 'coach', reply: JSON.stringify({ verdict: 'natural', corrected: '', changes: [], alternative: '', goals_met: [], ...answer }) });

test('a saved correction and a saved debrief phrase are in the phrasebook and due in review', async () => {
  await withArtifacts('remember', page, async () => {
    await script(s, reply('Hi! What can I get you?'));
    await openRoom(page, room.id);
    await waitForLastReply(page, 'done');

    await script(s, coachSays({ verdict: 'corrected', corrected: 'Can I have a muffin?',
      changes: [{ original: 'has', corrected: 'have', category: 'grammar', explanation: 'After "I", use have.' }] }), reply('Sure, coming up! Anything else?'));
    await sendLine(page, 'Can I has a muffin?');
    await waitForReplyTo(page, 'Can I has a muffin?');
    const fb = page.locator('[data-testid=message][data-role=user]').last().getByTestId('coach-feedback');
    await fb.and(page.locator('[data-status=ready]')).waitFor();
    const save = fb.getByTestId('save-corrected');
    assert.equal(await save.getAttribute('aria-label'), 'Save “Can I have a muffin?” to your phrasebook');
    // Keyboard reachable: focus it and press Enter.
    await save.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('phrase-saved').first().waitFor();
    await fb.getByTestId('save-corrected').and(page.locator('[data-state=saved]')).waitFor();
    assert.equal(await fb.getByTestId('save-corrected').textContent(), en['save.saved']);
    await page.screenshot({ path: screenshotPath('remember-correction') });

    await script(s, { endpoint: 'coach', reply: JSON.stringify({
      phrases: [{ text: 'coming up', meaning: 'being made for you now' }], felt: 'A2', next: 'B1', note: '' }) });
    await page.getByTestId('end-session').click();
    const dialog = page.getByTestId('debrief');
    await dialog.and(page.locator('[data-state=ready]')).waitFor();
    await dialog.getByTestId('save-debrief-phrase').click();
    await dialog.getByTestId('save-debrief-phrase').and(page.locator('[data-state=saved]')).waitFor();
    await page.screenshot({ path: screenshotPath('remember-debrief') });
    await dialog.getByTestId('debrief-close').click();

    const phrases = await must(page, 'ListPhrases', { search: '', language: 'en' });
    const bySource = Object.fromEntries(phrases.map((p) => [p.source, p]));
    assert.equal(phrases.length, 2);
    assert.equal(bySource.correction.text, 'Can I have a muffin?');
    assert.equal(bySource.correction.context, 'Can I has a muffin?');
    assert.equal(bySource.debrief.text, 'coming up');
    assert.equal(bySource.debrief.meaning, 'being made for you now');
    assert.equal(bySource.debrief.context, 'Sure, coming up! Anything else?');
    for (const p of phrases) {
      assert.equal(p.roomId, room.id);
      assert.equal(p.language, 'en');
    }

    await page.getByTestId('open-phrasebook').click();
    await page.getByTestId('phrasebook-view').waitFor();
    await page.locator('[data-testid=phrase]', { hasText: 'Can I have a muffin?' }).waitFor();
    await page.locator('[data-testid=phrase]', { hasText: 'coming up' }).waitFor();
    // The count showed 1 after the first save: wait for the second save's count.
    await page.waitForFunction(() => document.querySelector('[data-testid=due-count]')?.textContent === '2', null, { timeout: 10000 })
      .catch(async () => { throw new Error(`the due count says "${await page.getByTestId('due-count').textContent()}", not 2`); });
    assert.equal(await page.getByTestId('due-count').textContent(), '2');
    await page.screenshot({ path: screenshotPath('remember-phrasebook') });

    await page.getByTestId('open-review').click();
    await page.getByTestId('review-card').waitFor();
    const first = await page.getByTestId('review-phrase').textContent();
    assert.ok(['Can I have a muffin?', 'coming up'].includes(first), `reviewing ${first}`);
    await page.keyboard.press('Space');
    await page.getByTestId('review-back').waitFor();
    assert.match(await page.getByTestId('review-back').textContent(), first === 'coming up' ? /Sure, coming up! Anything else\?/ : /Can I has a muffin\?/);

    // Progress: one change in the five words the coach checked today is 20 per 100 words.
    await page.getByTestId('open-progress').click();
    const lang = page.locator('[data-testid=progress-language][data-language=en]');
    await lang.waitFor();
    assert.equal(await lang.getByTestId('progress-per100').textContent(), '20');
    const dots = await lang.locator('[data-testid=progress-rate-chart] circle').evaluateAll((cs) => cs.map((c) => Number(c.dataset.per100)));
    assert.deepEqual(dots, [20]);
    await page.getByTestId('progress-view').screenshot({ path: screenshotPath('remember-progress') });
  });
});
