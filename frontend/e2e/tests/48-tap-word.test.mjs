// Tap a word in a reply: the card shows its reading, dictionary form, meaning and note from one
// request to the model (a second tap is answered from the cache), Save puts it in the phrasebook
// with its sentence and room, it is due in review, and rating it moves its next review on.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, screenshotPath, startStack, stopStack, withArtifacts } from '../lib/harness.mjs';
import { chatRequests, enterAs, must, openRoom, reloadApp, roomInput, script, reply, waitForLastReply } from '../lib/parley.mjs';

let s;
let page;
before(async () => {
  s = await startStack();
  page = await openApp(s);
  await enterAs(page, s, 'minji');
});
after(async () => { if (s) await stopStack(s); });

const OPENING = '어서 오세요! 따뜻한 커피 드릴까요?';
const INFO = { reading: 'ttatteutan', dictionaryForm: '따뜻하다', meaning: 'warm', note: 'Used for drinks and weather; 뜨겁다 is hot.' };

/** Clicks the middle of a word inside the last assistant bubble, as a learner would tap it. */
async function tapWord(word) {
  const box = await page.evaluate((w) => {
    const text = [...document.querySelectorAll('[data-testid=message][data-role=assistant] .bubble .text')].at(-1);
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.data.indexOf(w);
      if (i < 0) continue;
      const r = document.createRange();
      r.setStart(n, i + 1);
      r.setEnd(n, i + 2);
      const b = r.getBoundingClientRect();
      return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    }
    return null;
  }, word);
  assert.ok(box, `the word ${word} is shown`);
  await page.mouse.click(box.x, box.y);
}

test('tap a word, read what it means, save it, review it and see its next review move on', async () => {
  await withArtifacts('tap-word', page, async () => {
    await script(s, reply(OPENING));
    const room = await must(page, 'CreateRoom', roomInput({ title: 'Warm café', language: 'ko', level: 'A2' }));
    await reloadApp(page);
    await openRoom(page, room.id);
    await waitForLastReply(page, 'done');
    const before = (await chatRequests(s)).length;

    await script(s, { reply: JSON.stringify(INFO) });
    await tapWord('따뜻한');
    const card = page.getByTestId('tap-card');
    await card.waitFor();
    assert.equal(await page.getByTestId('tap-word').textContent(), '따뜻한');
    await page.getByTestId('tap-meaning').waitFor();
    assert.equal(await page.getByTestId('tap-meaning').textContent(), 'warm');
    assert.equal(await page.getByTestId('tap-form').textContent(), '따뜻하다');
    assert.equal(await page.getByTestId('tap-reading').textContent(), 'ttatteutan');
    await page.screenshot({ path: screenshotPath('tap-word') });
    const reqs = await chatRequests(s);
    assert.equal(reqs.length, before + 1);
    const ask = reqs.at(-1);
    assert.ok(!ask.stream, 'one whole JSON answer, not a stream');
    assert.match(ask.messages[1].content, /<word>따뜻한<\/word>/);
    assert.match(ask.messages[1].content, /<sentence>따뜻한 커피 드릴까요\?<\/sentence>/);

    // Esc closes it; the same word again comes from the cache.
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });
    await tapWord('따뜻한');
    await page.getByTestId('tap-meaning').waitFor();
    assert.equal((await chatRequests(s)).length, before + 1, 'a second tap sends nothing');

    await page.getByTestId('tap-save').click();
    await page.getByTestId('phrase-saved').waitFor();
    await card.waitFor({ state: 'detached' });
    const [p] = await must(page, 'ListPhrases', { search: '', language: 'ko' });
    assert.equal(p.text, '따뜻한');
    assert.equal(p.meaning, 'warm');
    assert.equal(p.context, '따뜻한 커피 드릴까요?');
    assert.equal(p.roomId, room.id);
    assert.equal(p.source, 'tap');
    await page.getByTestId('due-count').waitFor();
    assert.equal(await page.getByTestId('due-count').textContent(), '1');

    await page.getByTestId('open-review').click();
    await page.getByTestId('review-card').waitFor();
    const due0 = Date.parse(p.card.due);
    await page.keyboard.press('Enter');
    await page.getByTestId('review-back').waitFor();
    await page.keyboard.press('4'); // Easy: straight to a review days away
    await page.getByTestId('review-done').waitFor();
    const [rated] = await must(page, 'ListPhrases', { search: '', language: 'ko' });
    assert.equal(rated.card.state, 'review');
    const days = (Date.parse(rated.card.due) - due0) / 86400000;
    assert.ok(days >= 1, `the next review is ${days} days away`);
  });
});
