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
  return getPurifier().sanitize(html, {
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

/** isExternalLink reports whether a link may be handed to the OS browser. */
export function isExternalLink(href) {
  return /^https?:\/\//i.test(String(href ?? '').trim());
}
