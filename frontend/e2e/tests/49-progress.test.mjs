// Progress in the real app: after chatting, the learner's lines and words are counted for the
// room's language, today starts a day streak, and the chart's last bar (today) shows the words.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, screenshotPath, startStack, stopStack, withArtifacts } from '../lib/harness.mjs';
import { enterAs, must, openRoom, reloadApp, roomInput, script, reply, sendLine, waitForLastReply, waitForReplyTo } from '../lib/parley.mjs';

let s;
let page;
before(async () => {
  s = await startStack();
  page = await openApp(s);
  await enterAs(page, s, 'sam');
});
after(async () => { if (s) await stopStack(s); });

test('progress counts the learner\'s lines and words, starts a streak today and charts the words', async () => {
  await withArtifacts('progress', page, async () => {
    await script(s, reply('Good morning! What can I get you?'));
    const room = await must(page, 'CreateRoom', roomInput({ title: 'Morning coffee' }));
    await reloadApp(page);
    await openRoom(page, room.id);
    await waitForLastReply(page, 'done');
    for (const line of ['A large latte, please.', 'Oat milk, and to go.']) {
      await script(s, reply('Sure!'));
      await sendLine(page, line);
      await waitForReplyTo(page, line);
    }
    await must(page, 'SavePhrase', { text: 'to go', meaning: 'takeaway', reading: '', note: '', context: 'Oat milk, and to go.', language: 'en', roomId: room.id, source: 'manual' });

    await page.getByTestId('open-progress').click();
    const en = page.locator('[data-testid=progress-language][data-language=en]');
    await en.waitFor();
    assert.equal(await en.getByTestId('progress-lines').textContent(), '2');
    assert.equal(await en.getByTestId('progress-words').textContent(), '9');
    assert.equal(await en.getByTestId('progress-streak').textContent(), '1');
    assert.equal(await en.getByTestId('progress-sessions').textContent(), '1');
    assert.equal(await en.getByTestId('progress-phrases').textContent(), '0 / 1');
    const bars = await en.locator('[data-testid=progress-chart] rect').evaluateAll((rs) => rs.map((r) => Number(r.dataset.words)));
    assert.equal(bars.length, 14);
    assert.deepEqual(bars.slice(0, 13), Array(13).fill(0));
    assert.equal(bars[13], 9);
    await page.getByTestId('progress-view').screenshot({ path: screenshotPath('progress') });
  });
});
