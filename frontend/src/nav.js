// The web view must never navigate away from the app: not by a link in a model reply, not by a
// file dropped on the window, not by a form. Links to http(s) go to the OS browser through Go's
// OpenExternal; everything else is ignored.
import { openExternal } from './api.js';
import { isExternalLink } from './markdown.js';

/** installNavigationGuards wires the document-level handlers; returns an uninstaller. */
export function installNavigationGuards(doc = document, { open = openExternal, onError = () => {} } = {}) {
  const onClick = (e) => {
    const a = e.target?.closest?.('a');
    if (!a) return;
    e.preventDefault();
    const href = a.getAttribute('href');
    if (isExternalLink(href)) {
      Promise.resolve(open(href.trim())).catch(onError);
    }
  };
  const onAuxClick = (e) => {
    if (e.target?.closest?.('a')) e.preventDefault();
  };
  const stopDrop = (e) => {
    // Allow dropping text into text fields; never let the web view open a dropped file or URL.
    const editable = e.target?.closest?.('textarea, input');
    if (!editable || e.dataTransfer?.files?.length) e.preventDefault();
  };
  const onSubmit = (e) => e.preventDefault();
  doc.addEventListener('click', onClick);
  doc.addEventListener('auxclick', onAuxClick);
  doc.addEventListener('dragover', stopDrop);
  doc.addEventListener('drop', stopDrop);
  doc.addEventListener('submit', onSubmit);
  return () => {
    doc.removeEventListener('click', onClick);
    doc.removeEventListener('auxclick', onAuxClick);
    doc.removeEventListener('dragover', stopDrop);
    doc.removeEventListener('drop', stopDrop);
    doc.removeEventListener('submit', onSubmit);
  };
}
