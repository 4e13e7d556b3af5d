// Figures refreshed often (the due count after each save or rating, a room's token total after
// each reply) show the newest question's answer, even when an older one arrives after it.
import { describe, it, expect, beforeEach } from 'vitest';
import { installFakeBackend } from '../fake/bridge.js';
import { dueCount, refreshDue } from '../../src/phrases.js';
import { refreshUsage } from '../../src/chat/live.js';
import { roomId, usage } from '../../src/chat/state.js';

/** A bound method whose calls are each answered only when the test says so. */
function held() {
  const calls = [];
  const fn = () => new Promise((resolve) => calls.push(resolve));
  return { fn, calls };
}

describe('refreshed figures', () => {
  let fake;
  beforeEach(() => {
    fake = installFakeBackend(window);
  });

  it('the due count is the newest answer, not the last to arrive', async () => {
    const due = held();
    fake.app.DuePhrases = due.fn;
    const older = refreshDue();
    const newer = refreshDue();
    await Promise.resolve();
    due.calls[1]({ count: 2, phrases: [] });
    await newer;
    due.calls[0]({ count: 1, phrases: [] });
    await older;
    expect(dueCount.value).toBe(2);
  });

  it('a room\'s token total is the newest answer, not the last to arrive', async () => {
    const ru = held();
    fake.app.RoomUsage = ru.fn;
    roomId.value = 'r1';
    const older = refreshUsage();
    const newer = refreshUsage();
    await Promise.resolve();
    ru.calls[1]({ promptTokens: 300, completionTokens: 30, estimatedCostUsd: 0, costKnown: false });
    await newer;
    ru.calls[0]({ promptTokens: 100, completionTokens: 10, estimatedCostUsd: 0, costKnown: false });
    await older;
    expect(usage.value.promptTokens).toBe(300);
  });
});
