import { describe, it, expect } from 'vitest';
import { composerAction, isComposingEnter, isFindShortcut, isMessageSearchShortcut } from '../../src/keys.js';

const key = (k, extra = {}) => ({ key: k, keyCode: k === 'Enter' ? 13 : 0, ...extra });

describe('composer keys', () => {
  it('sends on a plain Enter', () => {
    expect(composerAction(key('Enter'))).toBe('send');
  });
  it('makes a newline on Shift+Enter', () => {
    expect(composerAction(key('Enter', { shiftKey: true }))).toBe(null);
  });
  it('does not send the Enter that commits a Korean or Japanese composition', () => {
    expect(composerAction(key('Enter', { isComposing: true }))).toBe(null);
    // WebKit: compositionend fires first, then keydown with keyCode 229 and isComposing false.
    expect(composerAction(key('Enter', { isComposing: false, keyCode: 229 }))).toBe(null);
    expect(isComposingEnter({ keyCode: 229 })).toBe(true);
  });
  it('stops the reply on Escape', () => {
    expect(composerAction(key('Escape'))).toBe('stop');
  });
  it('leaves other keys alone', () => {
    expect(composerAction(key('a'))).toBe(null);
  });
  it('finds a room with Ctrl+K or Cmd+K only', () => {
    expect(isFindShortcut({ key: 'k', ctrlKey: true })).toBe(true);
    expect(isFindShortcut({ key: 'k', metaKey: true })).toBe(true);
    expect(isFindShortcut({ key: 'k' })).toBe(false);
    expect(isFindShortcut({ key: 'k', ctrlKey: true, shiftKey: true })).toBe(false);
  });
});

describe('message search shortcut', () => {
  it('is Ctrl+Shift+F or Cmd+Shift+F, not the browser find (Ctrl+F) nor the room search', () => {
    expect(isMessageSearchShortcut({ key: 'F', ctrlKey: true, shiftKey: true })).toBe(true);
    expect(isMessageSearchShortcut({ key: 'f', metaKey: true, shiftKey: true })).toBe(true);
    expect(isMessageSearchShortcut({ key: 'f', ctrlKey: true })).toBe(false);
    expect(isMessageSearchShortcut({ key: 'k', ctrlKey: true, shiftKey: true })).toBe(false);
    expect(isMessageSearchShortcut({ key: 'F', ctrlKey: true, shiftKey: true, altKey: true })).toBe(false);
  });
});
