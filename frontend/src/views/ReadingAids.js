// Draws reading aids into the open room's finished replies, and takes them away when the room's
// switch is off. It watches the message list, so the conversation view needs no change of its own.
import { useEffect } from 'preact/hooks';
import * as aids from '../readingAids.js';

const DONE = '[data-testid=message][data-role=assistant]:not([data-status=streaming]) .bubble .text';

export function ReadingAids({ room }) {
  const on = aids.enabled(room);
  useEffect(() => {
    // The chat view is there from the start; the message list inside it comes once loaded.
    const list = document.querySelector('[data-testid=chat-view]');
    if (!list) return undefined;
    let stopped = false;
    const pass = () => {
      if (stopped) return;
      for (const el of list.querySelectorAll(DONE)) {
        if (!on) {
          if (el.dataset.aids) {
            aids.strip(el);
            delete el.dataset.aids;
          }
        } else if (!el.dataset.aids) {
          el.dataset.aids = 'pending';
          // Switched off before the readings arrive, the next pass takes the mark away: none are drawn.
          aids.annotate(el, room.language, () => el.dataset.aids === 'pending').then(() => {
            if (el.dataset.aids === 'pending') el.dataset.aids = 'done';
          }, () => delete el.dataset.aids);
        }
      }
    };
    pass();
    const obs = new MutationObserver((records) => {
      for (const r of records) {
        // Our own work only swaps text for <ruby>; anything else is a new render of the bubble.
        const fresh = [...r.addedNodes].some((n) => n.nodeType === 1 && n.nodeName !== 'RUBY');
        const text = r.target.nodeType === 1 ? r.target.closest?.('.bubble .text') : null;
        if (fresh && text) delete text.dataset.aids;
      }
      pass();
    });
    obs.observe(list, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-status'] });
    return () => {
      stopped = true;
      obs.disconnect();
    };
  }, [room.id, room.language, on]);
  return null;
}
