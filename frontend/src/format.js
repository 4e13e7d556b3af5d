// Dates in the user's UI language, via Intl (no date library).
import { lang } from './i18n/index.js';
import { renderMarkdown } from './markdown.js';

// Building an Intl formatter costs far more than formatting with one (a 500-room list built
// two per room per render), so each (language, options) pair is built once and kept.
const formatters = new Map();
function cached(Ctor, key, opts) {
  const k = `${lang.value}|${key}`;
  let f = formatters.get(k);
  if (!f) {
    f = new Ctor(lang.value, opts);
    formatters.set(k, f);
  }
  return f;
}
const dateTime = (key, opts) => cached(Intl.DateTimeFormat, `date:${key}`, opts);

function toDate(v) {
  if (!v) return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** relativeTime says "5 minutes ago" / "3분 전"; older than a week shows the date. */
export function relativeTime(v, now = Date.now()) {
  const d = toDate(v);
  if (!d) return '';
  const secs = Math.round((d.getTime() - now) / 1000);
  const abs = Math.abs(secs);
  const rtf = cached(Intl.RelativeTimeFormat, 'relative', { numeric: 'auto', style: 'short' });
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < 3600) return rtf.format(Math.round(secs / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(secs / 3600), 'hour');
  if (abs < 7 * 86400) return rtf.format(Math.round(secs / 86400), 'day');
  return dateTime('medium', { dateStyle: 'medium' }).format(d);
}

/**
 * warmFormats builds the formatters the room list uses, for the UI language, while the app is
 * idle (the log-in screen): the first Intl formatter of a kind loads the language's data, which
 * otherwise lands between Go's list of rooms and its first paint.
 */
export function warmFormats() {
  const now = Date.now();
  relativeTime(now - 10 * 86400000, now);
  relativeTime(now, now);
  fullTime(now);
}

/** clockTime is the time of a message; earlier days add the date. */
export function clockTime(v, now = new Date()) {
  const d = toDate(v);
  if (!d) return '';
  const sameDay = d.toDateString() === now.toDateString();
  return (sameDay ? dateTime('clock', { timeStyle: 'short' }) : dateTime('dayClock', { dateStyle: 'medium', timeStyle: 'short' })).format(d);
}

/** fullTime is the tooltip form of a timestamp. */
export function fullTime(v) {
  const d = toDate(v);
  return d ? dateTime('full', { dateStyle: 'full', timeStyle: 'medium' }).format(d) : '';
}

/**
 * plainPreview turns the start of a markdown reply into one line of plain text for the room list:
 * the text the bubble shows, through the same renderer and sanitiser, so markup (**bold**, raw
 * <img …> tags) never shows as characters. It does not shorten it: Go already cut the preview
 * (Limits().previewLen), and CSS ellipsises it.
 */
const previews = new Map();
export function plainPreview(text) {
  const src = String(text ?? '');
  const hit = previews.get(src);
  if (hit !== undefined) return hit;
  // Go's cut can end inside a tag; an unfinished tag is markup, not words.
  const html = renderMarkdown(src.replace(/<\/?[a-z][^<>]*$/i, ''))
    .replace(/<\/(p|li|h\d|pre|blockquote|tr|td|th)>|<br\s*\/?>/gi, ' $&');
  const box = document.createElement('template');
  box.innerHTML = html;
  const plain = (box.content.textContent ?? '').replace(/\s+/g, ' ').trim();
  if (previews.size >= 500) previews.delete(previews.keys().next().value);
  previews.set(src, plain);
  return plain;
}

/** longDate is a day without the time ("November 25, 2026"). */
export function longDate(v) {
  const d = toDate(v);
  return d ? dateTime('long', { dateStyle: 'long' }).format(d) : '';
}

/** count is a whole number with the UI language's digit grouping ("1,234"). */
export function count(n) {
  return cached(Intl.NumberFormat, 'number:count', undefined).format(Number(n) || 0);
}

/**
 * usd is an estimated price in dollars: cents above a dollar, and two significant digits below
 * it, since a practice room usually costs a fraction of a cent ("$0.0021", not "$0.00").
 */
export function usd(v) {
  const opts = v >= 1 ? { maximumFractionDigits: 2 } : { maximumSignificantDigits: 2 };
  return cached(Intl.NumberFormat, v >= 1 ? 'number:usd' : 'number:usdSmall', { style: 'currency', currency: 'USD', ...opts }).format(v);
}
