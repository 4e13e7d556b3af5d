// UI strings live in one catalogue per language (ko, en, ja). The active language is a signal,
// so every component that calls t() re-renders when the user switches language.
import { signal } from '@preact/signals';
import en from './en.js';
import ko from './ko.js';
import ja from './ja.js';
import speak from './speak.js';

Object.assign(en, speak.en);
Object.assign(ko, speak.ko);
Object.assign(ja, speak.ja);
import learn from './learn.js';

Object.assign(en, learn.en);
Object.assign(ko, learn.ko);
Object.assign(ja, learn.ja);

export const catalogues = { en, ko, ja };
/** LANGS are the UI languages we ship a catalogue for (the practice languages come from Go's Limits()). */
export const LANGS = ['ko', 'en', 'ja'];
const STORE_KEY = 'parley.uiLanguage';

/** osLanguage picks ko/ja/en from the OS preference list (navigator.languages), default en. */
export function osLanguage(nav = typeof navigator !== 'undefined' ? navigator : {}) {
  const prefs = [...(nav.languages ?? []), nav.language].filter(Boolean);
  for (const p of prefs) {
    const base = String(p).toLowerCase().split(/[-_]/)[0];
    if (LANGS.includes(base)) return base;
  }
  return 'en';
}

/** remembered is the language picked on this computer before logging in ("" if none). */
export function remembered() {
  try {
    const v = localStorage.getItem(STORE_KEY);
    return LANGS.includes(v) ? v : '';
  } catch {
    return '';
  }
}

/** lang is the language in use now. */
export const lang = signal(remembered() || osLanguage());

/**
 * setLanguage applies a preference ("" = follow the OS). It is remembered locally so the
 * log-in screen, shown before the user's settings can be read, speaks the same language.
 */
export function setLanguage(pref) {
  const next = LANGS.includes(pref) ? pref : osLanguage();
  try {
    if (LANGS.includes(pref)) localStorage.setItem(STORE_KEY, pref);
    else localStorage.removeItem(STORE_KEY);
  } catch {
    // storage unavailable: the choice still applies for this session
  }
  lang.value = next;
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

/** has reports whether key exists in the English catalogue (the reference). */
export function has(key) {
  return Object.prototype.hasOwnProperty.call(en, key);
}

const pluralRules = {};

/**
 * pluralForm is the catalogue key for a count: a key with plural forms has them as
 * "key.one", "key.other", … (the CLDR categories of Intl.PluralRules); "key.other" is the fallback.
 */
function pluralForm(cat, key, n) {
  if (typeof n !== 'number' || !(`${key}.other` in en)) return key;
  const rules = (pluralRules[lang.value] ??= new Intl.PluralRules(lang.value));
  const form = `${key}.${rules.select(n)}`;
  return form in cat || form in en ? form : `${key}.other`;
}

/** t returns the string for key in the active language, with {name} placeholders filled. */
export function t(key, params) {
  const cat = catalogues[lang.value] ?? en;
  key = pluralForm(cat, key, params?.n);
  let s = cat[key] ?? en[key] ?? key;
  if (params) {
    s = s.replace(/\{(\w+)\}/g, (m, name) => (params[name] !== undefined ? String(params[name]) : m));
  }
  return s;
}

/** errorText is the localised, actionable sentence for an AppError (or anything with a code). */
export function errorText(err) {
  const code = err?.code ?? 'internal';
  const key = `err.${code}`;
  return has(key) ? t(key) : t('err.internal');
}

/** fieldLabel names a form field for an inline error ("title", "baseUrl", ...). */
export function fieldLabel(field) {
  const key = `field.${field}`;
  return has(key) ? t(key) : field;
}
