// Loading a room's coaching never puts back what the learner changed while it loaded: Go read the
// mode and the goals before the change, so its late answer is older than what the screen shows.
import { describe, it, expect, beforeEach } from 'vitest';
import { installFakeBackend } from '../fake/bridge.js';
import * as coach from '../../src/coach.js';
import { roomId } from '../../src/chat/state.js';
import { settle } from './helpers.js';

describe('loading the coach of a room', () => {
  let fake;
  let pending;
  beforeEach(() => {
    fake = installFakeBackend(window);
    roomId.value = 'r1';
    pending = [];
    // Each RoomCoaching is answered only when the test says so.
    fake.app.RoomCoaching = (id) => new Promise((resolve) => {
      pending.push((over = {}) => resolve({ roomId: id, mode: 'on', goals: [], feedback: [], rungs: [], ...over }));
    });
    fake.app.ListDebriefs = async () => [];
    fake.app.SetCoachMode = async () => {};
  });

  it('keeps a mode picked while the room loads', async () => {
    const loading = coach.loadCoaching('r1');
    await settle();
    await coach.setMode('request');
    pending.shift()({ mode: 'on' });
    await loading;
    expect(coach.mode.value).toBe('request');
  });

  it('keeps goals met while the room loads', async () => {
    const loading = coach.loadCoaching('r1');
    await settle();
    coach.onGoals({ roomId: 'r1', goals: [{ text: 'Order a drink', met: true }] });
    pending.shift()({ goals: [{ text: 'Order a drink', met: false }] });
    await loading;
    expect(coach.goals.value).toEqual([{ text: 'Order a drink', met: true }]);
  });

  it('applies only the newest load when the same room is loaded twice', async () => {
    const first = coach.loadCoaching('r1');
    await settle();
    const second = coach.loadCoaching('r1');
    await settle();
    const [older, newer] = pending.splice(0);
    newer({ mode: 'request' });
    await second;
    older({ mode: 'off' });
    await first;
    expect(coach.mode.value).toBe('request');
  });
});
