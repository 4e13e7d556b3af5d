import { describe, it, expect, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { plainPreview, relativeTime } from '../../src/format.js';
import { setLanguage } from '../../src/i18n/index.js';
import { installFakeBackend } from '../fake/bridge.js';
import { waitFor, settle } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const indexHtml = readFileSync(join(here, '../../index.html'), 'utf8');

function csp() {
  const doc = new DOMParser().parseFromString(indexHtml, 'text/html');
  const meta = doc.querySelector('meta[http-equiv="Content-Security-Policy"]');
  return Object.fromEntries(meta.getAttribute('content').split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
}

describe('the page shell', () => {
  it('has a strict Content-Security-Policy', () => {
    const p = csp();
    expect(p['default-src']).toEqual(["'self'"]);
    expect(p['script-src']).toEqual(["'self'"]);
    expect(p['object-src']).toEqual(["'none'"]);
    expect(p['base-uri']).toEqual(["'none'"]);
    expect(p['form-action']).toEqual(["'none'"]);
    expect(p['img-src']).toEqual(["'self'", 'data:']);
    // Spoken lines arrive from Go as data: URLs; nothing else may feed a media element.
    expect(p['media-src']).toEqual(["'self'", 'data:']);
    expect(p['connect-src']).toEqual(["'self'"]);
    expect(p['style-src']).not.toContain("'unsafe-inline'");
    expect(Object.values(p).flat()).not.toContain("'unsafe-eval'");
  });

  it('has no inline script and loads only the app bundle itself', () => {
    const doc = new DOMParser().parseFromString(indexHtml, 'text/html');
    const scripts = [...doc.querySelectorAll('script')];
    expect(scripts.every((s) => s.src && !s.textContent.trim())).toBe(true);
    // Wails injects /wails/ipc.js and /wails/runtime.js itself; listing them would load them twice.
    expect(scripts.map((s) => s.getAttribute('src'))).toEqual(['/src/main.js']);
  });
});

describe('room list text', () => {
  it('shows a reply preview without markdown symbols', () => {
    expect(plainPreview('**Hello** _there_, see [docs](https://x.y) `now`')).toBe('Hello there, see docs now');
    expect(plainPreview('# 주문\n\n> 네, 알겠습니다')).toBe('주문 네, 알겠습니다');
  });

  it('shows the preview as long as Go cut it: JS does not cut it again', () => {
    const fromGo = `${'가'.repeat(60)}😀${'x'.repeat(58)}…`; // 120 runes, 121 UTF-16 units
    expect(plainPreview(fromGo)).toBe(fromGo);
  });

  it('says how long ago in the UI language', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    setLanguage('ko');
    expect(relativeTime('2026-11-25T11:55:00Z', now)).toBe('5분 전');
    setLanguage('ja');
    expect(relativeTime('2026-11-25T09:00:00Z', now)).toBe('3 時間前');
    setLanguage('en');
    expect(relativeTime('2026-11-25T11:59:50Z', now)).toBe('now');
    expect(relativeTime('', now)).toBe('');
  });
});

describe('theme', () => {
  it('follows the OS in system mode and the choice otherwise, and tells the window once per change, in order', async () => {
    const fake = installFakeBackend(window);
    let listener;
    const media = { matches: true, addEventListener: (_, cb) => { listener = cb; } };
    vi.stubGlobal('matchMedia', () => media);
    window.matchMedia = () => media;
    const { applyTheme } = await import('../../src/theme.js');
    applyTheme('system');
    expect(document.documentElement.dataset.theme).toBe('dark');
    media.matches = false;
    listener();
    expect(document.documentElement.dataset.theme).toBe('light');
    applyTheme('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    media.matches = true;
    listener();
    applyTheme('light');
    expect(document.documentElement.dataset.theme).toBe('light');
    applyTheme('light');
    await waitFor(() => fake.calls.filter(([m]) => m === 'SetWindowTheme').length === 4);
    await settle();
    // The title bar and the toolkit's menus follow every change, never a repeat, in the order made.
    expect(fake.calls.filter(([m]) => m === 'SetWindowTheme').map(([, a]) => a)).toEqual([
      ['system', true], ['system', false], ['dark', true], ['light', false],
    ]);
    expect(fake.state.windowTheme).toEqual({ preference: 'light', dark: false });
    vi.unstubAllGlobals();
  });
});
