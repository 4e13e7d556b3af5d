// Light/dark/system theme: the resolved theme is written to <html data-theme>, where the CSS
// variables of styles.css pick it up. "system" follows the OS and keeps following it live.
const STORE_KEY = 'parley.theme';
let media = null;
let current = 'system';

function resolve(pref) {
  if (pref === 'light' || pref === 'dark') return pref;
  return media?.matches ? 'dark' : 'light';
}

function paint() {
  document.documentElement.dataset.theme = resolve(current);
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
