// The phrasebook and its review through the real app: a phrase added by hand is due at once,
// the sidebar counts it, the review screen works from the keyboard (Space shows the back,
// 3 answers Good) and its next due date moves on; search, filter, edit and delete; the Anki
// export has Anki's headers and one line per phrase.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, screenshotPath, startStack, stopStack, withArtifacts } from '../lib/harness.mjs';
import { enterAs, must } from '../lib/parley.mjs';

let s;
let page;
before(async () => {
  s = await startStack();
  page = await openApp(s);
  await enterAs(page, s, 'yuna');
});
after(async () => { if (s) await stopStack(s); });

test('a phrase added by hand is counted as due, reviewed from the keyboard, and its next review moves on', async () => {
  await withArtifacts('phrasebook-review', page, async () => {
    await page.getByTestId('open-phrasebook').click();
    await page.getByTestId('phrasebook-view').waitFor();
    await page.getByTestId('phrases-empty').waitFor();
    await page.getByTestId('phrase-add').click();
    await page.getByTestId('phrase-text').fill('お会計お願いします');
    await page.getByTestId('phrase-language').selectOption('ja');
    await page.getByTestId('phrase-meaning').fill('The bill, please');
    await page.getByTestId('phrase-reading').fill('おかいけいおねがいします');
    await page.getByTestId('phrase-context').fill('すみません、お会計お願いします。');
    await page.getByTestId('phrase-save').click();
    await page.locator('[data-testid=phrase]').first().waitFor();
    assert.equal(await page.getByTestId('due-count').textContent(), '1');
    await page.screenshot({ path: screenshotPath('phrasebook') });

    await page.getByTestId('open-review').click();
    const card = page.getByTestId('review-card');
    await card.waitFor();
    assert.equal(await page.getByTestId('review-phrase').textContent(), 'お会計お願いします');
    assert.equal(await page.getByTestId('review-back').count(), 0, 'the back is hidden at first');
    await page.keyboard.press('Space');
    await page.getByTestId('review-back').waitFor();
    assert.match(await page.getByTestId('review-back').textContent(), /The bill, please/);
    await page.screenshot({ path: screenshotPath('review') });
    await page.keyboard.press('3');
    await page.getByTestId('review-done').waitFor();
    assert.match(await page.getByTestId('review-last').textContent(), /10 min/);
    await page.getByTestId('due-count').waitFor({ state: 'detached' });

    const [p] = await must(page, 'ListPhrases', { search: '', language: '' });
    assert.equal(p.card.state, 'learning');
    assert.equal(p.card.reps, 1);
    const minutes = (Date.parse(p.card.due) - Date.now()) / 60000;
    assert.ok(minutes > 8 && minutes <= 10, `next review in ${minutes} min`);
  });
});

test('search, language filter, edit and delete; the Anki export has its headers', async () => {
  await withArtifacts('phrasebook-edit-export', page, async () => {
    await must(page, 'SavePhrase', { text: '같이 가요', meaning: "Let's go together", reading: 'gachi gayo', note: '', context: '', language: 'ko', roomId: '', source: 'manual' });
    await page.getByTestId('open-phrasebook').click();
    await page.getByTestId('phrasebook-view').waitFor();
    // Re-open the view so it lists the phrase saved through the API.
    await page.getByTestId('open-review').click();
    await page.getByTestId('open-phrasebook').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=phrase]').length === 2);
    await page.getByTestId('phrase-filter').selectOption('ko');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=phrase]').length === 1);
    await page.getByTestId('phrase-filter').selectOption('');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=phrase]').length === 2);
    await page.getByTestId('phrase-search').fill('bill');
    // Wait for the search's own answer: the Korean phrase alone is also one row.
    await page.waitForFunction(() => {
      const rows = document.querySelectorAll('[data-testid=phrase]');
      return rows.length === 1 && rows[0].textContent.includes('The bill, please');
    });
    await page.getByTestId('phrase-edit').click();
    await page.getByTestId('phrase-meaning').fill('Check, please');
    await page.getByTestId('phrase-save').click();
    await page.getByTestId('phrase-edit-form').waitFor({ state: 'detached' });
    // The new meaning no longer matches the search: the list follows the edit.
    await page.getByTestId('phrases-empty').waitFor();
    await page.getByTestId('phrase-search').fill('check');
    await page.locator('[data-testid=phrase]', { hasText: 'Check, please' }).waitFor();
    await page.getByTestId('phrase-search').fill('');

    const anki = await must(page, 'ExportPhrasebook', 'anki', '');
    const lines = anki.content.trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, 2), ['#separator:tab', '#html:true']);
    assert.equal(lines.length, 3 + 2);
    assert.ok(lines.some((l) => l.startsWith('お会計お願いします\tCheck, please<br>')), anki.content);
    assert.ok(lines.every((l) => l.startsWith('#') || l.split('\t').length === 3));
    const csv = await must(page, 'ExportPhrasebook', 'csv', 'ko');
    assert.equal(csv.content.split('\n')[1].split(',')[0], '같이 가요');

    await page.waitForFunction(() => document.querySelectorAll('[data-testid=phrase]').length === 2);
    await page.locator('[data-testid=phrase]', { hasText: '같이 가요' }).getByTestId('phrase-delete').click();
    await page.getByTestId('phrase-deleted').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=phrase]').length === 1);
    await page.getByTestId('phrase-undo').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=phrase]').length === 2);
  });
});
