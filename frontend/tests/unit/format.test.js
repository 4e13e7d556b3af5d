import { describe, it, expect, afterEach, vi } from 'vitest';
import { count, usd, relativeTime, fullTime, longDate } from '../../src/format.js';
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
