// The room list's window maths (roomWindow.js): which rows render, the gaps around them, where a
// key moves the focus, and the measured row height.
import { describe, it, expect } from 'vitest';
import { windowRange, windowParts, moveIndex, isInView, pitchOf, ROW_GUESS } from '../../src/roomWindow.js';

describe('windowRange', () => {
  it('renders the rows in view and the overscan either side, inside the list', () => {
    expect(windowRange({ top: 0, viewport: 500, rowHeight: 50, count: 500, overscan: 3 })).toEqual({ start: 0, end: 13 });
    expect(windowRange({ top: 1000, viewport: 500, rowHeight: 50, count: 500, overscan: 3 })).toEqual({ start: 17, end: 33 });
    expect(windowRange({ top: 24990, viewport: 500, rowHeight: 50, count: 500, overscan: 3 })).toEqual({ start: 496, end: 500 });
  });
  it('counts a row cut by an edge as in view', () => {
    expect(windowRange({ top: 25, viewport: 100, rowHeight: 50, count: 10, overscan: 0 })).toEqual({ start: 0, end: 3 });
  });
  it('copes with short and empty lists, a zero viewport and an unknown row height', () => {
    expect(windowRange({ top: 0, viewport: 800, rowHeight: 50, count: 3, overscan: 8 })).toEqual({ start: 0, end: 3 });
    expect(windowRange({ top: 0, viewport: 800, rowHeight: 50, count: 0 })).toEqual({ start: 0, end: 0 });
    expect(windowRange({ top: 0, viewport: 0, rowHeight: 50, count: 20, overscan: 2 })).toEqual({ start: 0, end: 2 });
    expect(windowRange({ top: ROW_GUESS * 10, viewport: 0, rowHeight: 0, count: 20, overscan: 0 })).toEqual({ start: 10, end: 10 });
  });
  it('treats a negative scroll (elastic overscroll) as the top', () => {
    expect(windowRange({ top: -80, viewport: 100, rowHeight: 50, count: 10, overscan: 0 })).toEqual({ start: 0, end: 2 });
  });
});

describe('windowParts', () => {
  it('puts gaps of the missing rows before and after the window', () => {
    expect(windowParts({ start: 3, end: 5 }, 10)).toEqual([{ gap: 3 }, { index: 3 }, { index: 4 }, { gap: 5 }]);
    expect(windowParts({ start: 0, end: 2 }, 2)).toEqual([{ index: 0 }, { index: 1 }]);
  });
  it('keeps rows outside the window rendered in their place, once each', () => {
    expect(windowParts({ start: 3, end: 5 }, 10, [0, 8, 4, 8])).toEqual([
      { index: 0 }, { gap: 2 }, { index: 3 }, { index: 4 }, { gap: 3 }, { index: 8 }, { gap: 1 },
    ]);
  });
  it('ignores kept rows that are not in the list', () => {
    expect(windowParts({ start: 0, end: 1 }, 2, [undefined, -1, 2, 1.5])).toEqual([{ index: 0 }, { gap: 1 }]);
  });
  it('adds up to the whole list', () => {
    const parts = windowParts({ start: 40, end: 60 }, 500, [3, 499]);
    expect(parts.reduce((n, p) => n + (p.gap ?? 1), 0)).toBe(500);
  });
});

describe('moveIndex', () => {
  it('moves one row, a page, or to an end, and stops at the ends', () => {
    expect(moveIndex('ArrowDown', 4, 10, 5)).toBe(5);
    expect(moveIndex('ArrowUp', 4, 10, 5)).toBe(3);
    expect(moveIndex('ArrowUp', 0, 10, 5)).toBe(0);
    expect(moveIndex('ArrowDown', 9, 10, 5)).toBe(9);
    expect(moveIndex('Home', 7, 10, 5)).toBe(0);
    expect(moveIndex('End', 2, 10, 5)).toBe(9);
    expect(moveIndex('PageDown', 2, 10, 5)).toBe(6);
    expect(moveIndex('PageDown', 8, 10, 5)).toBe(9);
    expect(moveIndex('PageUp', 6, 10, 5)).toBe(2);
    expect(moveIndex('PageUp', 1, 10, 5)).toBe(0);
  });
  it('moves at least one row a page when no row fits, and nowhere in an empty list', () => {
    expect(moveIndex('PageDown', 2, 10, 0)).toBe(3);
    expect(moveIndex('ArrowDown', 0, 0, 5)).toBe(-1);
    expect(moveIndex('Tab', 3, 10, 5)).toBe(3);
  });
});

describe('isInView and pitchOf', () => {
  it('tells a wholly visible row from a cut one', () => {
    expect(isInView(2, { top: 100, viewport: 100, rowHeight: 50 })).toBe(true);
    expect(isInView(3, { top: 100, viewport: 100, rowHeight: 50 })).toBe(true);
    expect(isInView(4, { top: 100, viewport: 100, rowHeight: 50 })).toBe(false);
    expect(isInView(2, { top: 101, viewport: 100, rowHeight: 50 })).toBe(false);
  });
  it('measures the row pitch from rendered tops, or nothing without layout', () => {
    expect(pitchOf([6, 62, 118, 174])).toBe(56);
    expect(pitchOf([0, 0, 0])).toBe(0);
    expect(pitchOf([40])).toBe(0);
  });
});
