// The room list's window: with a year of practice the list holds hundreds of rooms, and creating
// and laying out a row for each one made log-in and every search key slow. Only the rows in view
// (plus an overscan either side) are rendered; the rest of the list is empty space of the same
// height, so the scrollbar, wheel and keyboard still move through the whole list. Pure maths
// here; RoomList.js applies it.

/** ROW_GUESS is a room row's height in px until one is measured (two text lines and padding). */
export const ROW_GUESS = 56;
/** OVERSCAN rows are rendered beyond each edge of the view, so Tab and a wheel notch find them. */
export const OVERSCAN = 8;

/**
 * windowRange is the slice [start, end) of a list of `count` rows of `rowHeight` px to render
 * when `top` px of it are scrolled past and `viewport` px show.
 */
export function windowRange({ top, viewport, rowHeight, count, overscan = OVERSCAN }) {
  const h = rowHeight > 0 ? rowHeight : ROW_GUESS;
  const first = Math.floor(Math.max(0, top) / h);
  const last = Math.ceil((Math.max(0, top) + Math.max(0, viewport)) / h);
  const start = Math.max(0, Math.min(count, first - overscan));
  const end = Math.max(start, Math.min(count, last + overscan));
  return { start, end };
}

/**
 * windowParts lays the rendered list out: the window's rows, plus rows that must stay rendered
 * wherever they are (`keep`: the focused row, an open menu, a rename in progress), with a gap of
 * the missing rows' height between them. Returns [{ gap: rows }, { index }, …] in list order.
 */
export function windowParts({ start, end }, count, keep = []) {
  const shown = new Set();
  for (let i = start; i < end; i++) shown.add(i);
  for (const i of keep) if (Number.isInteger(i) && i >= 0 && i < count) shown.add(i);
  const order = [...shown].sort((a, b) => a - b);
  const parts = [];
  let next = 0;
  for (const index of order) {
    if (index > next) parts.push({ gap: index - next });
    parts.push({ index });
    next = index + 1;
  }
  if (count > next) parts.push({ gap: count - next });
  return parts;
}

/** MOVES are the keys that move the focus through the list. */
export const MOVES = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End', 'PageDown', 'PageUp']);

/**
 * moveIndex is where a key sends the focus from row `index` of `count` rows when `page` rows
 * fit in view; it stays at the ends rather than wrapping, as a list does.
 */
export function moveIndex(key, index, count, page) {
  if (!count) return -1;
  const step = Math.max(1, page - 1);
  const to = {
    ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: count - 1, PageDown: index + step, PageUp: index - step,
  }[key];
  if (to === undefined) return index;
  return Math.max(0, Math.min(count - 1, to));
}

/**
 * isInView tells whether row `index` is wholly visible when `top` px are scrolled past and
 * `viewport` px show.
 */
export function isInView(index, { top, viewport, rowHeight }) {
  const h = rowHeight > 0 ? rowHeight : ROW_GUESS;
  return index * h >= top && (index + 1) * h <= top + viewport;
}

/** pitchOf measures the row height from rendered rows' tops (offsetTop), or 0 without layout. */
export function pitchOf(tops) {
  if (tops.length < 2) return 0;
  const pitch = (tops[tops.length - 1] - tops[0]) / (tops.length - 1);
  return pitch > 0 ? pitch : 0;
}
