// Model text is hostile input. It is parsed by marked and then sanitised by DOMPurify with an
// allow-list: plain formatting tags only, no scripts, styles, frames, SVG, MathML, forms or
// images, no event-handler or style attributes, and links only to http(s) or mailto. Links keep
// their href for display; a document-level click handler (nav.js) sends http(s) ones to the OS
// browser through Go and never lets the web view navigate.
import { Marked } from 'marked';
import DOMPurify from 'dompurify';

const marked = new Marked({ gfm: true, breaks: true, async: false });

const ALLOWED_TAGS = [
  'p', 'br', 'strong', 'b', 'em', 'i', 'del', 's', 'code', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'sup', 'sub', 'ruby', 'rt', 'rp',
];
const FORBID_TAGS = ['script', 'style', 'iframe', 'frame', 'object', 'embed', 'svg', 'math', 'form',
  'input', 'button', 'textarea', 'select', 'img', 'video', 'audio', 'source', 'link', 'meta', 'base'];
const ALLOWED_ATTR = ['href', 'title', 'start', 'align', 'lang'];
const SAFE_LINK = /^(?:https?:|mailto:)/i;

let purifier = null;

function getPurifier() {
  if (purifier) return purifier;
  purifier = DOMPurify(window);
  // Set once: a config passed to each sanitize() call is parsed again every time, and a streaming
  // reply is sanitised on every delta.
  purifier.setConfig({
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    FORBID_TAGS,
    FORBID_ATTR: ['style', 'class', 'id', 'srcset', 'src', 'action', 'formaction', 'xlink:href'],
    ALLOWED_URI_REGEXP: SAFE_LINK,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    KEEP_CONTENT: true,
    WHOLE_DOCUMENT: false,
    RETURN_TRUSTED_TYPE: false,
  });
  purifier.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (!SAFE_LINK.test(href.trim())) node.removeAttribute('href');
      node.setAttribute('rel', 'noopener noreferrer');
      node.removeAttribute('target');
    }
  });
  return purifier;
}

/** sanitizeHtml cleans an HTML string with Parley's allow-list. */
export function sanitizeHtml(html) {
  return getPurifier().sanitize(html);
}

const cache = new Map();
const CACHE_MAX = 400;

/**
 * renderMarkdown turns model text into sanitised HTML. Finished messages are memoised (a
 * re-render must not re-parse them); a streaming reply's partial texts are not, as each is
 * seen once.
 */
export function renderMarkdown(text, { partial = false } = {}) {
  const src = String(text ?? '');
  const hit = cache.get(src);
  if (hit !== undefined) return hit;
  const html = sanitizeHtml(marked.parse(src));
  if (partial) return html;
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value);
  cache.set(src, html);
  return html;
}

/**
 * stableEnd is where the finished blocks of a reply being written end: at a blank line outside a
 * fenced code block that a new, unindented block has followed. Text before it no longer changes
 * how it renders, so it is parsed once; only the text after it, still growing, is parsed again.
 * A blank line followed by an indented line or a list item is no end: that block goes on (a list
 * item's second paragraph, the next item of a loose list).
 */
export function stableEnd(text, from = 0) {
  // `from` is an earlier answer: scanning goes on from there, outside any fence.
  let end = from;
  let fence = null;
  let blank = 0; // just after the last blank line, while it may still end a block
  let pos = from;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) break; // the last line is still being written
    const line = text.slice(pos, nl);
    const mark = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (mark && mark[1][0] === fence[0] && mark[1].length >= fence.length && !line.slice(mark[0].length).trim()) fence = null;
    } else if (!line.trim()) {
      if (pos > from) blank = nl + 1;
    } else {
      if (blank && !/^(?:\s|[-*+]\s|\d{1,9}[.)]\s)/.test(line)) end = blank;
      blank = 0;
      if (mark) fence = mark[1];
    }
    pos = nl + 1;
  }
  return end;
}

// The finished part of each reply being written, by message id: {text, parts}, parts being the
// sanitised HTML of each finished stretch in order.
const streams = new Map();
const STREAMS_MAX = 8;

/**
 * renderStreaming renders a reply still being written as {parts, tail, stream}: the HTML of its
 * finished blocks, parsed and sanitised once as each block completes and then kept, and that of
 * the growing last block, the only part parsed again on each frame. Blocks are separated by
 * blank lines, so the two parts render as the whole would, give or take a list split by a blank
 * line until the finished reply is rendered in one piece. parts holds the finished blocks piece by
 * piece, each whole sanitised HTML, so a view can append the new ones alone; stream changes when the kept
 * state starts over (another text), and what was appended before no longer holds.
 */
export function renderStreaming(id, text) {
  const src = String(text ?? '');
  let st = streams.get(id);
  if (!st || !src.startsWith(st.text)) {
    st = { text: '', parts: [] };
    streams.delete(id);
    if (streams.size >= STREAMS_MAX) streams.delete(streams.keys().next().value);
    streams.set(id, st);
  }
  const cut = stableEnd(src, st.text.length);
  if (cut > st.text.length) {
    st.parts.push(sanitizeHtml(marked.parse(src.slice(st.text.length, cut))));
    st.text = src.slice(0, cut);
  }
  const rest = src.slice(st.text.length);
  return { parts: st.parts, tail: rest ? sanitizeHtml(marked.parse(rest)) : '', stream: st };
}

/** endStreaming forgets a reply's kept blocks once it is finished. */
export function endStreaming(id) {
  streams.delete(id);
}

/** isExternalLink reports whether a link may be handed to the OS browser. */
export function isExternalLink(href) {
  return /^https?:\/\//i.test(String(href ?? '').trim());
}
