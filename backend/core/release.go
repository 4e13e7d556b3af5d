package core

import (
	"runtime/debug"
	"sync"
	"time"
)

// releaseAfter is how long after a log-in its memory is handed back to the
// OS: long enough for the calls the UI makes on arriving (the room list, the
// settings, the trash) to have run.
const releaseAfter = 3 * time.Second

// releaser hands the heap a log-in leaves behind back to the OS once. The
// room list alone decrypts every room; that garbage stays mapped afterwards,
// because an idle app allocates too little for the next collection or the
// runtime's scavenger to return it. One forced collection of a heap of a few
// MiB costs about a millisecond.
type releaser struct {
	after   time.Duration
	release func()

	mu     sync.Mutex
	timer  *time.Timer
	due    bool // a release is scheduled and has not run
	closed bool // after Close nothing is scheduled (a build may end later)
}

func newReleaser(after time.Duration, release func()) *releaser {
	if after <= 0 {
		after = releaseAfter
	}
	if release == nil {
		release = debug.FreeOSMemory
	}
	return &releaser{after: after, release: release}
}

// soon schedules a release; one already pending is pushed back, so a burst of
// log-ins releases once, after the last.
func (r *releaser) soon() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return
	}
	r.due = true
	if r.timer != nil && r.timer.Stop() {
		r.timer.Reset(r.after)
		return
	}
	r.timer = time.AfterFunc(r.after, r.run)
}

// run is the release, when its time has come.
func (r *releaser) run() {
	r.mu.Lock()
	due := r.due && !r.closed
	r.due = false
	r.mu.Unlock()
	if due {
		r.release()
	}
}

// pending says whether a release is scheduled (tests).
func (r *releaser) pending() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.due
}

// stop cancels a pending release and any later one (Close).
func (r *releaser) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	r.due = false
	if r.timer != nil {
		r.timer.Stop()
	}
}
