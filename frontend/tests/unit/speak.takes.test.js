// The lines with the learner's own recording: a room's list answered late never drops a take kept
// meanwhile, and an older question's answer never replaces a newer one.
import { describe, it, expect, beforeEach } from 'vitest';
import { installFakeBackend } from '../fake/bridge.js';
import { loadTakes, takes } from '../../src/speak.js';
import { roomId } from '../../src/chat/state.js';

describe('my takes', () => {
  let fake;
  let pending;
  beforeEach(async () => {
    fake = installFakeBackend(window);
    pending = [];
    // Each list is answered only when the test says so.
    fake.app.MyTakes = () => new Promise((resolve) => pending.push(resolve));
    roomId.value = 'r1'; // a new room asks for its takes by itself: that question is left unanswered
    await Promise.resolve();
    pending.splice(0);
    takes.value = new Set();
  });

  it('keeps a take kept while the room\u2019s list was on its way', async () => {
    const loading = loadTakes('r1');
    await Promise.resolve();
    takes.value = new Set([...takes.value, 9]); // keepTake answered first
    pending.shift()([3]);
    await loading;
    expect([...takes.value].sort()).toEqual([3, 9]);
  });

  it('shows the newest list when an older one answers after it', async () => {
    const older = loadTakes('r1');
    const newer = loadTakes('r1');
    await Promise.resolve();
    const [answerOlder, answerNewer] = pending.splice(0);
    answerNewer([3, 4]);
    await newer;
    answerOlder([3]);
    await older;
    expect([...takes.value].sort()).toEqual([3, 4]);
  });
});
