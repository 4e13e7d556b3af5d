import { describe, it, expect, afterEach, vi } from 'vitest';
import { count, usd, relativeTime, fullTime, longDate, plainPreview, warmFormats } from '../../src/format.js';
import { setLanguage } from '../../src/i18n/index.js';

describe('numbers in usage figures', () => {
  afterEach(() => setLanguage('en'));

  it('groups token counts the way the UI language does', () => {
    setLanguage('en');
    expect(count(1234567)).toBe('1,234,567');
    expect(count(undefined)).toBe('0');
  });

  it('shows a fraction of a cent with two significant digits, not as $0.00', () => {
    setLanguage('en');
    expect(usd(0.0021)).toBe('$0.0021');
    expect(usd(0.000012)).toBe('$0.000012');
    expect(usd(0.153)).toBe('$0.15');
    expect(usd(12.345)).toBe('$12.35');
  });
});

describe('dates in the room list and the conversation', () => {
  afterEach(() => {
    setLanguage('en');
    vi.restoreAllMocks();
  });

  it('builds each date formatter once, not once per room per render', () => {
    setLanguage('en');
    const when = new Date(Date.now() - 10 * 86400 * 1000);
    relativeTime(when);
    fullTime(when);
    const spy = vi.spyOn(Intl, 'DateTimeFormat');
    for (let i = 0; i < 500; i++) {
      relativeTime(when);
      fullTime(when);
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it('warms, while idle, every formatter the room list needs in a language', () => {
    setLanguage('ja'); // a language no other test here has built formatters for
    warmFormats();
    const dates = vi.spyOn(Intl, 'DateTimeFormat');
    const relative = vi.spyOn(Intl, 'RelativeTimeFormat');
    const now = Date.now();
    for (const ago of [0, 90e3, 5 * 3600e3, 3 * 86400e3, 30 * 86400e3]) {
      relativeTime(now - ago, now);
      fullTime(now - ago);
    }
    expect(dates).not.toHaveBeenCalled();
    expect(relative).not.toHaveBeenCalled();
  });

  it('follows a change of UI language', () => {
    const when = new Date(Date.UTC(2026, 0, 15, 12));
    setLanguage('en');
    const en = longDate(when);
    setLanguage('ko');
    const ko = longDate(when);
    expect(en).toMatch(/January/);
    expect(ko).toMatch(/1월/);
  });
});

describe('room-list previews', () => {
  it('show the words of the rendered reply, never its markup', () => {
    expect(plainPreview('Welcome! <img src=x onerror="alert(1)"> Take a **seat** and _relax_.')).toBe('Welcome! Take a seat and relax.');
    expect(plainPreview('# Menu\n\n- `latte`\n- [mocha](https://example.com)\n\n> today only')).toBe('Menu latte mocha today only');
    expect(plainPreview('Tags are <b>bold</b> &amp; <script>alert(1)</script>safe')).toBe('Tags are bold & safe');
  });

  it('drop a tag that Go cut in half', () => {
    expect(plainPreview('Hello there <img src=x oner')).toBe('Hello there');
  });
});
