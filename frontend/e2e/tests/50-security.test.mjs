// Model text is hostile input. In the real app, a reply carrying script tags,
// event handlers, javascript: links, SVG and frames renders as harmless text at
// every moment of its stream, and a normal link goes to the OS browser through
// Go (a stand-in xdg-open records it) while the app's page stays where it is.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, startStack, stopStack, withArtifacts } from '../lib/harness.mjs';
import { enterAs, openRoom, reply, roomInput, script, sendLine, waitForReplyTo } from '../lib/parley.mjs';

// The app opens links with the first of xdg-open, x-www-browser, www-browser on
// its PATH (Wails → pkg/browser). Put a recorder first, so no real browser starts.
const bin = mkdtempSync(join(tmpdir(), 'parley-e2e-browser-'));
const opened = join(bin, 'opened.txt');
writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`);
chmodSync(join(bin, 'xdg-open'), 0o755);
process.env.PATH = `${bin}:${process.env.PATH}`;

let s;
let page;
let room;
before(async () => {
  s = await startStack();
  page = await openApp(s);
  await script(s, reply('Welcome in!'));
  [room] = await enterAs(page, s, 'sam', { rooms: [roomInput({ title: 'Hostile replies' })] });
  await openRoom(page, room.id);
});
after(async () => {
  if (s) await stopStack(s);
  rmSync(bin, { recursive: true, force: true });
});

const HOSTILE = [
  'Here is your **receipt**:',
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '[claim your prize](javascript:window.__xss=3)',
  '<a href="javascript:window.__xss=4">raw link</a>',
  '<svg onload="window.__xss=5"><circle r="5"/></svg>',
  '<iframe src="javascript:window.__xss=6"></iframe>',
  '<p onclick="window.__xss=7" style="position:fixed;inset:0">click me</p>',
].join('\n\n');

test('a reply full of markup and scripts renders as harmless text, at every moment of its stream', async () => {
  await withArtifacts('security-xss', page, async () => {
    // Watch the conversation while the reply streams in, token by token: no executable node may ever appear.
    await page.evaluate(() => {
      window.__dangerous = [];
      const bad = 'script, img, svg, iframe, object, embed, style, form, [style], [onerror], [onload], [onclick], a[href^="javascript" i]';
      new MutationObserver(() => {
        for (const el of document.querySelectorAll(`[data-testid=messages] :is(${bad})`)) window.__dangerous.push(el.outerHTML.slice(0, 120));
      }).observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
    });
    await script(s, reply(HOSTILE, { whole: false, tokenDelayMs: 5 }));
    await sendLine(page, 'Can I have the receipt?');
    await waitForReplyTo(page, 'Can I have the receipt?');

    const bubble = page.locator('[data-testid=message][data-role=assistant]').last().locator('.text');
    const dom = await bubble.evaluate((el) => ({
      html: el.innerHTML,
      strong: el.querySelector('strong')?.textContent,
      tags: [...el.querySelectorAll('*')].map((n) => n.tagName.toLowerCase()),
      attrs: [...el.querySelectorAll('*')].flatMap((n) => [...n.attributes].map((a) => `${n.tagName.toLowerCase()}[${a.name}=${a.value}]`)),
      text: el.textContent,
    }));
    assert.equal(dom.strong, 'receipt', 'ordinary markdown still renders');
    for (const tag of ['script', 'img', 'svg', 'iframe', 'style']) assert.ok(!dom.tags.includes(tag), `no <${tag}> in the bubble: ${dom.html}`);
    for (const a of dom.attrs) {
      assert.ok(!/^\w+\[on/i.test(a), `no event handler: ${a}`);
      assert.ok(!/javascript:/i.test(a), `no javascript: URL: ${a}`);
      assert.ok(!/\[style=/.test(a), `no inline style: ${a}`);
    }
    assert.deepEqual(await page.evaluate(() => window.__dangerous), [], 'nothing executable appeared mid-stream either');
    assert.match(dom.text, /claim your prize/, 'the link text is kept as text');
    // The room list's preview is the reply's words too, never its markup.
    const preview = page.locator(`[data-testid=room-item][data-room-id="${room.id}"] .room-preview`);
    await page.waitForFunction((id) => document.querySelector(`[data-testid=room-item][data-room-id="${id}"] .room-preview`)
      ?.textContent.includes('Here is your receipt'), room.id, { timeout: 10000 });
    const shown = await preview.textContent();
    for (const raw of ['**', '<img', '<script', 'onerror']) assert.ok(!shown.includes(raw), `the preview shows "${raw}": ${shown}`);

    // Clicking what is left of the links and the click-me paragraph runs nothing.
    await bubble.getByText('claim your prize').click();
    await bubble.getByText('raw link').click();
    await bubble.getByText('click me').click();
    await roundTrip(page);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.ok(!existsSync(opened), 'no javascript: link was handed to the OS browser');
  });
});

test('a normal https link in a reply opens in the OS browser and the app stays where it is', async () => {
  await withArtifacts('security-link', page, async () => {
    const url = page.url();
    await script(s, reply('Our menu is at [parley.example](https://parley.example/menu?size=large) if you want to look.'));
    await sendLine(page, 'Where is the menu?');
    await waitForReplyTo(page, 'Where is the menu?');
    const link = page.locator('[data-testid=message][data-role=assistant]').last().locator('a', { hasText: 'parley.example' });
    assert.equal(await link.getAttribute('href'), 'https://parley.example/menu?size=large');
    assert.equal(await link.getAttribute('target'), null, 'no new window of the web view');

    await link.click();
    const until = Date.now() + 5000;
    while (!existsSync(opened) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    assert.ok(existsSync(opened), 'Go handed the link to the OS browser');
    assert.equal(readFileSync(opened, 'utf8').trim(), 'https://parley.example/menu?size=large', 'once, exactly that URL');
    assert.equal(page.url(), url, 'the app did not navigate');
    assert.equal(page.context().pages().length, 1, 'no other window opened');
    await page.getByTestId('chat-view').waitFor();
    assert.equal(await page.evaluate(() => window.__xss), undefined);
  });
});

/** A round trip through the bridge, so clicks handled by Go have been processed. */
function roundTrip(p) {
  return p.evaluate(() => window.go.main.App.AppInfo());
}
