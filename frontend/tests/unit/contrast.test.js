import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const css = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../src/styles.css'), 'utf8');

function themeVars(selector) {
  const start = css.indexOf(selector);
  const block = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)].map((m) => [m[1], m[2]]));
}

function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

// Every foreground/background pair the stylesheet actually uses for text.
const PAIRS = [
  ['text', 'bg'], ['text', 'surface'], ['text', 'surface-2'], ['text', 'accent-soft'], ['text', 'bubble-ai'],
  ['muted', 'bg'], ['muted', 'surface'], ['muted', 'surface-2'], ['muted', 'accent-soft'],
  ['accent-text', 'accent'], ['link', 'surface'], ['link', 'bg'], ['link', 'surface-2'],
  ['danger-text', 'danger'], ['danger-ink', 'danger-soft'], ['danger-ink', 'surface'], ['danger-ink', 'bg'],
  ['warn-ink', 'warn-soft'], ['ok-ink', 'ok-soft'], ['bubble-user-text', 'bubble-user'],
  ['bg', 'text'], // toasts are drawn inverted
];

describe.each([
  ['light', ":root,\nhtml[data-theme='light']"],
  ['dark', "html[data-theme='dark']"],
])('%s theme contrast', (name, selector) => {
  const vars = themeVars(selector);

  it.each(PAIRS)('%s on %s is at least 4.5:1', (fg, bg) => {
    expect(vars[fg], `--${fg}`).toBeDefined();
    expect(vars[bg], `--${bg}`).toBeDefined();
    expect(contrast(vars[fg], vars[bg])).toBeGreaterThanOrEqual(4.5);
  });

  // Non-text parts a user must see to use a control (WCAG 1.4.11): the range slider's track and
  // its thumb and fill, on the page and on a card.
  it.each([['track', 'surface'], ['track', 'bg'], ['accent', 'surface'], ['accent', 'bg']])('%s on %s is at least 3:1', (fg, bg) => {
    expect(vars[fg], `--${fg}`).toBeDefined();
    expect(contrast(vars[fg], vars[bg])).toBeGreaterThanOrEqual(3);
  });

  it.each(['badge-ko', 'badge-en', 'badge-ja'])('white text on %s is at least 4.5:1', (badge) => {
    expect(contrast('#ffffff', vars[badge])).toBeGreaterThanOrEqual(4.5);
  });
});
