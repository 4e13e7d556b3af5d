// The sidebar's list of rooms, windowed (roomWindow.js): only the rows in view and an overscan are
// in the DOM, with empty space for the rest, so a list of hundreds of rooms paints as fast as a
// short one. The arrow keys, Home, End, PageUp and PageDown move through the whole list; the
// focused row, the open room, an open room menu, a rename in progress and the first and last rows
// stay rendered wherever the list is scrolled; the open room is scrolled into view when it is
// opened from elsewhere. Each row states its place (aria-posinset of aria-setsize), so a screen
// reader counts the whole list.
import { useState, useLayoutEffect, useEffect, useRef, useMemo } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n/index.js';
import { relativeTime, fullTime, plainPreview } from '../format.js';
import { navigate } from '../store.js';
import { LangBadge, Pure } from './ui.js';
import { RoomMenu, RenameField, menuFor, renaming, deleteRoom } from './RoomMenu.js';
import { ROW_GUESS, windowRange, windowParts, MOVES, moveIndex, isInView, pitchOf } from '../roomWindow.js';

/** RoomItem is one room of the list; it re-renders only when its props change (see Pure). */
function RoomItem({ room, active, selecting, selected, onToggle, streaming, unread, isPinned, pos, size }) {
  const open = () => navigate({ name: 'chat', roomId: room.id });
  const preview = room.preview ? `${room.previewRole === 'user' ? t('rooms.you') : ''}${plainPreview(room.preview)}` : t('rooms.noMessages');
  const menuOpen = menuFor.value === room.id;
  // The room's menu also opens by right-click and the keyboard's menu keys; Delete deletes (with Undo).
  const onContextMenu = (e) => {
    if (selecting) return;
    e.preventDefault();
    menuFor.value = room.id;
  };
  const onKeyDown = (e) => {
    if (selecting) return;
    if (e.key === 'Delete') {
      e.preventDefault();
      deleteRoom(room);
    } else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      menuFor.value = room.id;
    }
  };
  if (renaming.value === room.id) {
    return html`<li class="room-item renaming" data-testid="room-item" data-room-id=${room.id} aria-posinset=${pos} aria-setsize=${size}>
      <${RenameField} room=${room} /></li>`;
  }
  return html`
    <li class=${`room-item${active ? ' active' : ''}${selected ? ' selected' : ''}${isPinned ? ' pinned' : ''}`} data-testid="room-item"
      data-room-id=${room.id} data-pinned=${isPinned ? 'true' : undefined} onContextMenu=${onContextMenu}
      aria-posinset=${pos} aria-setsize=${size}>
      ${selecting ? html`
        <input type="checkbox" class="room-check" checked=${selected} onChange=${() => onToggle(room.id)}
          aria-label=${t('rooms.selectRoom', { title: room.title })} data-testid="room-select" />` : null}
      <button type="button" class="room-link" onClick=${selecting ? () => onToggle(room.id) : open} onKeyDown=${onKeyDown}
        aria-current=${active ? 'page' : undefined} aria-keyshortcuts="Delete Shift+F10">
        <span class="room-line">
          <${LangBadge} language=${room.language} />
          ${isPinned ? html`<span class="pin-mark" aria-hidden="true" title=${t('rooms.pinnedMark')}>📌</span>` : null}
          <span class="room-title" data-testid="room-title">${room.title}</span>
          ${isPinned ? html`<span class="visually-hidden">${t('rooms.pinnedMark')}</span>` : null}
          ${streaming ? html`<span class="streaming-dot" data-testid="room-streaming" title=${t('rooms.streaming')}><span class="visually-hidden">${t('rooms.streaming')}</span></span>` : null}
          ${!streaming && unread ? html`<span class="unread-dot" data-testid="room-unread" title=${t('rooms.unread')}><span class="visually-hidden">${t('rooms.unread')}</span></span>` : null}
        </span>
        <span class="room-line room-meta">
          <span class="room-preview" lang=${room.preview ? room.language : undefined}>${preview}</span>
          <time datetime=${room.lastActivityAt} title=${fullTime(room.lastActivityAt)}>${relativeTime(room.lastActivityAt)}</time>
        </span>
      </button>
      ${selecting ? null : html`
        <button type="button" class="icon-btn room-menu-button" aria-haspopup="menu" aria-expanded=${menuOpen ? 'true' : 'false'}
          aria-label=${t('rooms.menuFor', { title: room.title })} data-testid="room-menu-button"
          onClick=${() => (menuFor.value = menuOpen ? null : room.id)}>⋯</button>`}
      ${menuOpen && !selecting ? html`<${RoomMenu} room=${room} />` : null}
    </li>
  `;
}

const renderRoomItem = (props) => html`<${RoomItem} ...${props} />`;

/** rowOf finds a rendered row by room id (ids come from Go; no selector escaping needed). */
const rowOf = (ul, id) => [...ul.children].find((li) => li.dataset.roomId === id);

/**
 * RoomList renders `list` (already filtered and sorted) through a window on its scroller, the
 * element around it (.sidebar-list). `row(room)` gives the props of a row that change over time.
 */
export function RoomList({ list, activeId, row, label }) {
  const ref = useRef(null);
  const [top, setTop] = useState(0);
  const [viewport, setViewport] = useState(0);
  const [rowHeight, setRowHeight] = useState(ROW_GUESS);
  const [focusId, setFocusId] = useState(null);
  const [want, setWant] = useState(null); // a row to scroll to (and focus) once it is rendered
  const count = list.length;
  const indexOf = useMemo(() => new Map(list.map((r, i) => [r.id, i])), [list]);
  // Without layout (before the first measure, or a hidden drawer) the window is the page's height.
  const view = viewport || window.innerHeight || 800;
  // A shorter list cuts the scroll back; the window follows at once rather than on the next scroll.
  const clampedTop = Math.min(top, Math.max(0, count * rowHeight - view));
  const range = windowRange({ top: clampedTop, viewport: view, rowHeight, count });
  // The first and last rooms stay rendered too: Tab from above the list reaches the first room and
  // Shift+Tab from below the last, as in a list rendered whole, wherever it is scrolled.
  const keep = [focusId, want?.id, activeId, menuFor.value, renaming.value].map((id) => indexOf.get(id));
  if (count) keep.push(0, count - 1);
  const parts = windowParts(range, count, keep);
  const geometry = useRef({ rowHeight, view });
  geometry.current = { rowHeight, view };

  const scroller = () => ref.current?.parentElement;
  // The list's own top inside the scroller: what is scrolled past is measured from there.
  const scrolledPast = () => {
    const sc = scroller();
    const ul = ref.current;
    if (!sc || !ul) return 0;
    return sc.getBoundingClientRect().top + sc.clientTop - ul.getBoundingClientRect().top;
  };
  // The scroll is kept in whole rows: a re-render per row scrolled past, not per pixel (a state
  // set to the value it has renders nothing).
  const follow = () => {
    const h = geometry.current.rowHeight;
    setTop(Math.floor(Math.max(0, scrolledPast()) / h) * h);
  };
  const followRef = useRef(follow);
  followRef.current = follow;
  // A filter that shortens the list cuts the scroll back, and not every engine says so with a
  // scroll event: read where the list is once its length changed (nothing to read at the top).
  useLayoutEffect(() => {
    if (top > 0) follow();
  }, [count]);

  // Listening from the update that shows the list: a scroll before the next paint is followed too.
  useLayoutEffect(() => {
    const sc = scroller();
    if (!sc) return undefined;
    const onScroll = () => followRef.current();
    sc.addEventListener('scroll', onScroll, { passive: true });
    return () => sc.removeEventListener('scroll', onScroll);
  }, []);
  // Measured after the paint, when layout is fresh (reading it before would force an extra one).
  useEffect(() => {
    const sc = scroller();
    if (!sc) return undefined;
    const measure = () => setViewport(sc.clientHeight);
    measure();
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    ro?.observe(sc);
    return () => ro?.disconnect();
  }, []);

  // Rows are measured, not assumed: the text size and the UI language change their height. After
  // the paint, when layout is fresh: before it, reading offsetTop would force an extra layout.
  useEffect(() => {
    const ul = ref.current;
    if (!ul) return;
    const tops = [];
    for (const li of ul.children) {
      const pos = Number(li.getAttribute('aria-posinset')) - 1;
      if (pos >= range.start && pos < range.end && !li.classList.contains('renaming')) tops.push(li.offsetTop);
    }
    const pitch = pitchOf(tops);
    if (pitch && Math.abs(pitch - rowHeight) > 0.5) setRowHeight(pitch);
  });

  // A row asked for: scroll it into view, focus it if asked, and move the window to it.
  useLayoutEffect(() => {
    if (!want || !ref.current) return;
    const li = rowOf(ref.current, want.id);
    if (li) {
      li.scrollIntoView?.({ block: 'nearest' });
      if (want.focus) li.querySelector(want.focus)?.focus({ preventScroll: true });
      followRef.current();
    }
    setWant(null);
  }, [want]);

  // The open room, opened from elsewhere (a message search result, a new room), is shown.
  useLayoutEffect(() => {
    const i = indexOf.get(activeId);
    if (i === undefined) return;
    if (!isInView(i, { top: scrolledPast(), viewport: view, rowHeight })) setWant({ id: activeId, focus: null });
  }, [activeId]);

  const onKeyDown = (e) => {
    if (!MOVES.has(e.key) || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const target = e.target;
    if (!target?.matches?.('.room-link, .room-check')) return;
    const from = indexOf.get(target.closest('[data-room-id]')?.dataset.roomId);
    if (from === undefined) return;
    e.preventDefault();
    const to = moveIndex(e.key, from, count, Math.floor(view / rowHeight));
    if (to !== from) setWant({ id: list[to].id, focus: target.matches('.room-check') ? '.room-check' : '.room-link' });
  };
  const onFocusIn = (e) => {
    const id = e.target?.closest?.('[data-room-id]')?.dataset.roomId ?? null;
    if (id !== focusId) setFocusId(id);
  };
  // Focus leaving for elsewhere frees the row; leaving the window (relatedTarget null) does not.
  const onFocusOut = (e) => {
    if (e.relatedTarget && !ref.current?.contains(e.relatedTarget)) setFocusId(null);
  };

  const shown = parts.filter((p) => p.gap === undefined).length;
  // role=list said outright: WebKit drops the list role of a list styled without markers, and
  // with it the rows' places in the whole list.
  return html`
    <ul class="room-list" role="list" data-testid="room-list" aria-label=${label} ref=${ref} data-count=${count} data-shown=${shown}
      onKeyDown=${onKeyDown} onFocusIn=${onFocusIn} onFocusOut=${onFocusOut}>
      ${parts.map((p, k) => (p.gap !== undefined
    ? html`<li key=${`gap${k}`} class="room-gap" aria-hidden="true" style=${{ height: `${p.gap * rowHeight}px` }}></li>`
    : html`<${Pure} key=${list[p.index].id} render=${renderRoomItem} room=${list[p.index]} pos=${p.index + 1} size=${count}
          ...${row(list[p.index])} />`))}
    </ul>`;
}
