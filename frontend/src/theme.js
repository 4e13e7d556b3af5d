// Light/dark/system theme: the resolved theme is written to <html data-theme>, where the CSS
// variables of styles.css pick it up. "system" follows the OS and keeps following it live. The
// window is told too: its title bar, tooltips and drop-down menus are drawn by the OS toolkit.
import { setWindowTheme, waitForBridge } from './api.js';

const STORE_KEY = 'parley.theme';
let media = null;
let current = 'system';

function resolve(pref) {
  if (pref === 'light' || pref === 'dark') return pref;
  return media?.matches ? 'dark' : 'light';
}

let told = '';
let telling = Promise.resolve();

function paint() {
  const theme = resolve(current);
  document.documentElement.dataset.theme = theme;
  // Once per change: the window's toolkit redraws itself when told, and "system" in GTK reports
  // back through prefers-color-scheme, which calls paint again with the same answer.
  const say = `${current}/${theme}`;
  if (say === told) return;
  told = say;
  const preference = current;
  // In order: Go runs each call on its own goroutine, so two calls in flight could swap.
  telling = telling.then(() => waitForBridge()).then(() => setWindowTheme(preference, theme === 'dark')).catch(() => {
    told = ''; // no bridge (a page outside the app): the page's own theme still applies
  });
}

/** applyTheme sets the preference (light|dark|system) and repaints. */
export function applyTheme(pref) {
  current = pref === 'light' || pref === 'dark' ? pref : 'system';
  if (!media && typeof window.matchMedia === 'function') {
    media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener?.('change', () => current === 'system' && paint());
  }
  try {
    localStorage.setItem(STORE_KEY, current);
  } catch {
    // storage unavailable
  }
  paint();
}

/** rememberedTheme is the last theme used on this computer, for the log-in screen. */
export function rememberedTheme() {
  try {
    return localStorage.getItem(STORE_KEY) || 'system';
  } catch {
    return 'system';
  }
}
