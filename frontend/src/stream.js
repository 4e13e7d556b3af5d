// Go sends a reply's deltas at most ten times a second, but a busy web view can receive several
// in one frame (a backlog behind a long task); rendering each one would re-parse the markdown and
// re-layout the conversation for each. The batcher gathers the deltas of one animation frame per
// reply and hands them over in one call, so the DOM updates at most once per frame.

/**
 * createDeltaBatcher returns {push, flush, take, cancel}. apply(Map<replyId, text>) is called
 * once per animation frame with everything pushed since the last frame.
 */
export function createDeltaBatcher(apply, raf = (cb) => requestAnimationFrame(cb), caf = (id) => cancelAnimationFrame(id)) {
  let pending = new Map();
  let frame = 0;

  function flush() {
    frame = 0;
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    apply(batch);
  }

  return {
    /** push queues text for a reply and schedules one flush for the next frame. */
    push(replyId, delta) {
      if (!delta) return;
      pending.set(replyId, (pending.get(replyId) ?? '') + delta);
      if (!frame) frame = raf(flush) || -1;
    },
    flush() {
      if (frame && frame !== -1) caf(frame);
      flush();
    },
    /** take removes and returns what is queued for one reply (used when its final text arrives). */
    take(replyId) {
      const text = pending.get(replyId) ?? '';
      pending.delete(replyId);
      return text;
    },
    cancel() {
      if (frame && frame !== -1) caf(frame);
      frame = 0;
      pending = new Map();
    },
  };
}
