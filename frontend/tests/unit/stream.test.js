import { describe, it, expect, vi } from 'vitest';
import { createDeltaBatcher } from '../../src/stream.js';

function fakeFrames() {
  const queue = [];
  return {
    raf: (cb) => queue.push(cb),
    caf: () => {},
    frame() {
      const cbs = queue.splice(0);
      cbs.forEach((cb) => cb(performance.now()));
      return cbs.length;
    },
    pending: () => queue.length,
  };
}

describe('delta batching', () => {
  it('applies all deltas of one frame in a single update', () => {
    const frames = fakeFrames();
    const apply = vi.fn();
    const b = createDeltaBatcher(apply, frames.raf, frames.caf);
    b.push(1, 'Hel');
    b.push(1, 'lo');
    b.push(2, '안녕');
    b.push(1, '!');
    expect(apply).not.toHaveBeenCalled();
    expect(frames.pending()).toBe(1); // one frame requested for four deltas
    frames.frame();
    expect(apply).toHaveBeenCalledTimes(1);
    expect([...apply.mock.calls[0][0]]).toEqual([[1, 'Hello!'], [2, '안녕']]);
  });

  it('asks for a new frame only when new text arrives', () => {
    const frames = fakeFrames();
    const apply = vi.fn();
    const b = createDeltaBatcher(apply, frames.raf, frames.caf);
    b.push(1, 'a');
    frames.frame();
    expect(frames.pending()).toBe(0);
    b.push(1, '');
    expect(frames.pending()).toBe(0);
    b.push(1, 'b');
    frames.frame();
    expect(apply.mock.calls.map((c) => c[0].get(1))).toEqual(['a', 'b']);
  });

  it('hands back queued text when the final reply arrives first', () => {
    const frames = fakeFrames();
    const apply = vi.fn();
    const b = createDeltaBatcher(apply, frames.raf, frames.caf);
    b.push(5, 'partial');
    expect(b.take(5)).toBe('partial');
    frames.frame();
    expect(apply).not.toHaveBeenCalled();
  });

  it('forgets everything queued on cancel (switching rooms)', () => {
    const frames = fakeFrames();
    const apply = vi.fn();
    const b = createDeltaBatcher(apply, frames.raf, frames.caf);
    b.push(5, 'x');
    b.cancel();
    frames.frame();
    expect(apply).not.toHaveBeenCalled();
  });
});
