// Reading aids over the open room's replies: furigana over Japanese kanji and romanisation
// over Korean words, drawn with <ruby> from segments Go computes. Each room has its own switch,
// on by default for beginners (A1–A2). The readings are drawn by CSS, so the text is untouched.
import { signal } from '@preact/signals';
import * as api from './api.js';

const KEY = 'parley.readingAids';

function readPrefs() {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') ?? {};
  } catch {
    return {};
  }
}

/** prefs maps room id → true/false where the learner chose; other rooms follow their level. */
export const prefs = signal(readPrefs());

export const supports = (language) => language === 'ja' || language === 'ko';

/** enabled says whether a room shows reading aids. */
export function enabled(room) {
  if (!room || !supports(room.language)) return false;
  const p = prefs.value[room.id];
  return p === undefined ? room.level === 'A1' || room.level === 'A2' : p;
}

export function setEnabled(roomId, on) {
  prefs.value = { ...prefs.value, [roomId]: on };
  try {
    localStorage.setItem(KEY, JSON.stringify(prefs.value));
  } catch {
    // storage unavailable: the choice holds for this session
  }
}

/** textNodes lists the text nodes of el that carry words (not inside code or ruby). */
export function textNodes(el) {
  const out = [];
  const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (!n.data.trim() || n.parentElement?.closest('code, pre, ruby, rt') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n);
  return out;
}

/**
 * fragmentOf builds the nodes for one text's segments: ruby where there is a reading. The
 * reading is drawn by CSS from data-reading (rt::before), so it is no part of the text: the
 * message's textContent, a copied selection and a tapped word stay exactly what was written.
 */
export function fragmentOf(doc, segments) {
  const frag = doc.createDocumentFragment();
  for (const s of segments) {
    if (!s.reading) {
      frag.append(doc.createTextNode(s.text));
      continue;
    }
    const ruby = doc.createElement('ruby');
    const rt = doc.createElement('rt');
    rt.dataset.reading = s.reading;
    ruby.append(doc.createTextNode(s.text), rt);
    frag.append(ruby);
  }
  return frag;
}

const cache = new Map(); // language + text → segments

/**
 * annotate draws reading aids into a rendered message; it resolves once they are in place. wanted
 * says, once the readings are there, whether they are still asked for (the switch may be off by then).
 */
export async function annotate(el, language, wanted = () => true) {
  const nodes = textNodes(el);
  const missing = [...new Set(nodes.map((n) => n.data).filter((d) => !cache.has(`${language}\u0000${d}`)))];
  if (missing.length) {
    const segs = await api.readingAids(language, missing);
    missing.forEach((d, i) => cache.set(`${language}\u0000${d}`, segs[i] ?? [{ text: d }]));
  }
  if (!wanted()) return;
  for (const n of nodes) {
    if (!n.isConnected) continue; // re-rendered meanwhile: the next pass takes it
    const segs = cache.get(`${language}\u0000${n.data}`);
    if (segs?.some((s) => s.reading)) n.replaceWith(fragmentOf(el.ownerDocument, segs));
  }
}

/** strip removes reading aids from a rendered message, leaving its text as it was. */
export function strip(el) {
  for (const ruby of el.querySelectorAll('ruby')) {
    ruby.querySelectorAll('rt').forEach((n) => n.remove());
    ruby.replaceWith(ruby.ownerDocument.createTextNode(ruby.textContent));
  }
  el.normalize();
}
