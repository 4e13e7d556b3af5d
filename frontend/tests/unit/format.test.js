import { describe, it, expect, afterEach } from 'vitest';
import { count, usd } from '../../src/format.js';
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
