package chat

import "sync"

// gate passes one reply's events to the UI until it is shut. Log-out shuts
// the gates of every reply still streaming before the data key goes, so no
// event carrying the logged-out user's text (a late delta, the partial reply
// in chat:error) reaches a page that now shows someone else or the log-in
// screen. Emitting holds the lock, so once shut returns nothing more is sent.
type gate struct {
	mu   sync.Mutex
	to   Emitter
	shut bool
}

func (g *gate) Emit(name string, payload any) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.shut {
		g.to.Emit(name, payload)
	}
}

// close stops every later event; it waits for one being sent.
func (g *gate) close() {
	g.mu.Lock()
	g.shut = true
	g.mu.Unlock()
}
