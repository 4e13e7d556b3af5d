import { describe, it, expect, beforeEach } from 'vitest';
import { loadSeen, noteRooms, isUnread, seen } from '../../src/unread.js';

const at = (min) => new Date(Date.UTC(2026, 10, 25, 12, min)).toISOString();
const room = (id, min) => ({ id, lastActivityAt: at(min) });

describe('unread rooms', () => {
  beforeEach(() => {
    localStorage.clear();
    loadSeen('u1');
  });

  it('marks nothing unread on the first start', () => {
    const list = [room('a', 1), room('b', 2)];
    noteRooms(list, '');
    expect(list.map((r) => isUnread(r, ''))).toEqual([false, false]);
  });

  it('marks a room whose reply finished while another room was open, until it is opened', () => {
    noteRooms([room('a', 1), room('b', 2)], 'a');
    const later = [room('a', 1), room('b', 5)];
    noteRooms(later, 'a');
    expect(isUnread(later[1], 'a')).toBe(true);
    expect(isUnread(later[0], 'a')).toBe(false);
    noteRooms(later, 'b');
    expect(isUnread(later[1], 'a')).toBe(false);
  });

  it('never marks the open room, and keeps markers per account across restarts', () => {
    noteRooms([room('a', 1)], '');
    noteRooms([room('a', 3)], '');
    expect(isUnread(room('a', 3), 'a')).toBe(false);
    expect(isUnread(room('a', 3), '')).toBe(true);
    loadSeen('u2');
    expect(seen.value).toEqual({});
    loadSeen('u1');
    expect(isUnread(room('a', 3), '')).toBe(true);
  });

  it('survives damaged storage', () => {
    localStorage.setItem('parley.seen.u3', '{not json');
    loadSeen('u3');
    expect(seen.value).toEqual({});
    localStorage.setItem('parley.seen.u4', '[1,2]');
    loadSeen('u4');
    expect(seen.value).toEqual({});
  });
});
