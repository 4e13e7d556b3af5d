// Reading aids in the real app: furigana over the kanji of a Japanese reply and the Revised
// Romanization over the words of a Korean one, on by default at A1–A2, drawn with <ruby>; the
// switch takes them away; the readings are drawn by CSS, so the message's text is unchanged.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, screenshotPath, startStack, stopStack, withArtifacts } from '../lib/harness.mjs';
import { enterAs, must, openRoom, reloadApp, roomInput, script, reply, waitForLastReply } from '../lib/parley.mjs';

let s;
let page;
before(async () => {
  s = await startStack();
  page = await openApp(s);
  await enterAs(page, s, 'haru');
});
after(async () => { if (s) await stopStack(s); });

async function roomWith(over, opening) {
  await script(s, reply(opening));
  const room = await must(page, 'CreateRoom', roomInput(over));
  await reloadApp(page);
  await openRoom(page, room.id);
  await waitForLastReply(page, 'done');
  return room;
}

const lastReply = '[data-testid=message][data-role=assistant]:last-child .bubble .text';

/** The readings drawn over the last reply, as [text, reading] pairs. */
function rubies() {
  return page.$$eval(`${lastReply} ruby`, (els) => els.map((r) => [r.textContent, r.querySelector('rt').dataset.reading]));
}

test('a beginner Japanese room shows furigana over the kanji of a reply, and the switch removes it', async () => {
  await withArtifacts('reading-furigana', page, async () => {
    const text = '今日は良い天気ですね。一人で来ましたか？';
    await roomWith({ title: '駅で', language: 'ja', level: 'A1' }, text);
    await page.waitForFunction((sel) => document.querySelectorAll(`${sel} ruby`).length > 0, lastReply);
    assert.deepEqual(await rubies(), [['今日', 'きょう'], ['良', 'よ'], ['天気', 'てんき'], ['一人', 'ひとり'], ['来', 'き']]);
    // The readings are drawn, not written: the message's text (what Copy and a selection give) is unchanged.
    assert.equal((await page.$eval(lastReply, (el) => el.textContent)).trim(), text);
    const drawn = await page.$eval(`${lastReply} rt`, (rt) => getComputedStyle(rt, '::before').content);
    assert.equal(drawn, '"きょう"', 'the reading is drawn over the word');
    await page.getByTestId('messages').screenshot({ path: screenshotPath('reading-furigana') });
    await page.getByTestId('reading-aids').uncheck();
    await page.waitForFunction((sel) => document.querySelectorAll(`${sel} ruby`).length === 0, lastReply);
    assert.equal((await page.$eval(lastReply, (el) => el.textContent)).trim(), text);
  });
});

test('a beginner Korean room shows the romanisation as pronounced; an intermediate room starts without', async () => {
  await withArtifacts('reading-romanisation', page, async () => {
    await roomWith({ title: '신라 호텔', language: 'ko', level: 'A2' }, '같이 가요! 신라 호텔에서 만나요.');
    await page.waitForFunction((sel) => document.querySelectorAll(`${sel} ruby`).length > 0, lastReply);
    assert.deepEqual(await rubies(), [['같이', 'gachi'], ['가요', 'gayo'], ['신라', 'silla'], ['호텔에서', 'hotereseo'], ['만나요', 'mannayo']]);
    await page.getByTestId('messages').screenshot({ path: screenshotPath('reading-romanisation') });

    await roomWith({ title: 'Business', language: 'ko', level: 'B1' }, '회의는 몇 시에 시작합니까?');
    assert.equal(await page.getByTestId('reading-aids').isChecked(), false);
    assert.equal(await page.locator(`${lastReply} ruby`).count(), 0);
    await page.getByTestId('reading-aids').check();
    await page.waitForFunction((sel) => document.querySelectorAll(`${sel} ruby`).length > 0, lastReply);
    assert.ok((await rubies()).some(([w, r]) => w === '시작합니까' && r === 'sijakhamnikka'));
  });
});
