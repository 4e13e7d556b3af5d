// Keyboard rules of the composer. Korean and Japanese input methods use Enter to commit the
// composed syllables; that Enter must never send. Browsers flag it with isComposing, and Safari/
// WebKit, which fires compositionend before the keydown, still reports keyCode 229 for it.

/** isComposingEnter reports whether this Enter belongs to an input method, not to the user. */
export function isComposingEnter(e) {
  return Boolean(e.isComposing) || e.keyCode === 229;
}

/** composerAction maps a keydown in the composer to 'send', 'stop' or null (default behaviour). */
export function composerAction(e) {
  if (e.key === 'Escape') return 'stop';
  if (e.key !== 'Enter') return null;
  if (isComposingEnter(e)) return null;
  if (e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return null; // newline
  return 'send';
}

/** isFindShortcut is Ctrl+K (Cmd+K on macOS): focus the room search. */
export function isFindShortcut(e) {
  return Boolean((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (e.key === 'k' || e.key === 'K'));
}

/** findShortcutLabel names the room-search shortcut as this platform writes it. */
export function findShortcutLabel(nav = typeof navigator !== 'undefined' ? navigator : {}) {
  const platform = nav.userAgentData?.platform || nav.platform || '';
  return /mac|iphone|ipad/i.test(platform) ? '⌘K' : 'Ctrl+K';
}

/** isMessageSearchShortcut is Ctrl+Shift+F (Cmd+Shift+F on macOS): search every message. */
export function isMessageSearchShortcut(e) {
  return Boolean((e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && (e.key === 'f' || e.key === 'F' || e.code === 'KeyF'));
}

/** messageSearchShortcutLabel names the message-search shortcut as this platform writes it. */
export function messageSearchShortcutLabel(nav = typeof navigator !== 'undefined' ? navigator : {}) {
  const platform = nav.userAgentData?.platform || nav.platform || '';
  return /mac|iphone|ipad/i.test(platform) ? '⇧⌘F' : 'Ctrl+Shift+F';
}
