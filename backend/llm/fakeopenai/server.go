// Package fakeopenai is an OpenAI-compatible server for tests. It speaks the
// real wire format (SSE chunks, usage chunk, [DONE], error bodies), so code
// under test runs its real go-openai path. Go tests start it with New and
// script it through methods; the end-to-end suite runs cmd/fakeopenai and
// scripts it through the /_control/ routes (see control.go).
package fakeopenai

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// Server is a running fake. It is safe for concurrent use.
type Server struct {
	// URL is the base URL a client uses, ending in /v1.
	URL string
	// RootURL is the server's address without /v1; the API routes answer there too.
	RootURL string

	ts     *httptest.Server
	closed chan struct{}

	mu         sync.Mutex
	queue      []Behavior
	def        Behavior
	requests   []Request
	streams    []Stream
	requireKey string
	models     []string
	release    chan struct{}
	changed    chan struct{} // closed and replaced whenever a request is recorded
	seq        int
}

// New starts a fake on a free loopback port. Close it when done.
func New() *Server {
	s := newServer()
	s.ts = httptest.NewServer(s.routes())
	s.setURL()
	return s
}

// Listen starts a fake on addr, which must be a loopback address such as
// "127.0.0.1:0", so a test fake is never reachable from the network.
func Listen(addr string) (*Server, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("fakeopenai: address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("fakeopenai: %q is not a loopback address", addr)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("fakeopenai: %w", err)
	}
	// "localhost" is a name: check what it was bound to, not what it says.
	if ta, ok := l.Addr().(*net.TCPAddr); !ok || !ta.IP.IsLoopback() {
		l.Close()
		return nil, fmt.Errorf("fakeopenai: %q is not a loopback address", addr)
	}
	s := newServer()
	s.ts = httptest.NewUnstartedServer(s.routes())
	s.ts.Listener.Close()
	s.ts.Listener = l
	s.ts.Start()
	s.setURL()
	return s, nil
}

func newServer() *Server {
	return &Server{
		closed:  make(chan struct{}),
		models:  append([]string(nil), DefaultModels...),
		release: make(chan struct{}),
		changed: make(chan struct{}),
	}
}

func (s *Server) setURL() {
	s.RootURL = s.ts.URL
	s.URL = s.ts.URL + "/v1"
}

// Close ends stalled replies and shuts the server down.
func (s *Server) Close() {
	s.mu.Lock()
	select {
	case <-s.closed:
	default:
		close(s.closed)
	}
	s.mu.Unlock()
	s.ts.Close()
}

// Script queues behaviours; each answers one request to its endpoint, in order.
func (s *Server) Script(b ...Behavior) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, b...)
}

// SetDefault sets how the fake answers when no scripted behaviour is left.
func (s *Server) SetDefault(b Behavior) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.def = b
}

// Pending reports how many scripted behaviours have not been used yet.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// RequireKey makes every API request without "Authorization: Bearer key"
// fail with 401 invalid_api_key, as the real API does. "" accepts any request.
func (s *Server) RequireKey(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requireKey = key
}

// SetModels sets the ids GET /v1/models lists.
func (s *Server) SetModels(ids ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.models = append([]string(nil), ids...)
}

// Release lets every reply stalled so far carry on; later stalls wait for the next Release.
func (s *Server) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.release)
	s.release = make(chan struct{})
}

// Reset forgets scripts, the default, recorded requests, the required key and
// the model list, and releases stalled replies.
func (s *Server) Reset() {
	s.mu.Lock()
	s.queue, s.def, s.requests, s.streams, s.requireKey = nil, Behavior{}, nil, nil, ""
	s.models = append([]string(nil), DefaultModels...)
	s.mu.Unlock()
	s.Release()
}

// Requests returns a copy of every request received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// WaitRequests waits until at least n requests have arrived or timeout passes,
// and returns the requests so far; ok is false on timeout.
func (s *Server) WaitRequests(n int, timeout time.Duration) (reqs []Request, ok bool) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		reqs, changed := append([]Request(nil), s.requests...), s.changed
		s.mu.Unlock()
		if len(reqs) >= n {
			return reqs, true
		}
		select {
		case <-changed:
		case <-deadline.C:
			return reqs, false
		}
	}
}

// next takes the behaviour for a request to endpoint: the first scripted one
// for that endpoint, or the default (which applies to chat only).
func (s *Server) next(endpoint string) Behavior {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, b := range s.queue {
		if b.endpoint() == endpoint {
			s.queue = append(s.queue[:i:i], s.queue[i+1:]...)
			return b
		}
	}
	if endpoint == EndpointChat {
		return s.def
	}
	return Behavior{Endpoint: endpoint}
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
	close(s.changed)
	s.changed = make(chan struct{})
}

// Streams returns a copy of every streamed reply so far, oldest first.
func (s *Server) Streams() []Stream {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Stream(nil), s.streams...)
}

func (s *Server) logStream(st Stream) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.streams = append(s.streams, st)
}

func (s *Server) nextID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("chatcmpl-fake%06d", s.seq)
}

func (s *Server) stallRelease() chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.release
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, prefix := range []string{"/v1", ""} {
		mux.HandleFunc("POST "+prefix+"/chat/completions", s.handleChat)
		mux.HandleFunc("GET "+prefix+"/models", s.handleModels)
		mux.HandleFunc("POST "+prefix+"/audio/speech", s.handleSpeech)
		mux.HandleFunc("POST "+prefix+"/audio/transcriptions", s.handleTranscription)
	}
	s.controlRoutes(mux)
	return mux
}

// authorized answers 401 when a key is required and the request lacks it.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	want := s.requireKey
	s.mu.Unlock()
	if want == "" || r.Header.Get("Authorization") == "Bearer "+want {
		return true
	}
	e, _ := httpFailure(FailUnauthorized, 0, "")
	writeAPIError(w, e)
	return false
}

func writeAPIError(w http.ResponseWriter, e apiError) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Request-Id", "req_fake")
	if e.status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "20")
	}
	w.WriteHeader(e.status)
	w.Write(e.body())
}

// fail answers a request with b's failure if it is one that ends the request
// before any content (HTTP errors, a plain 404, an HTML page); it reports
// whether it did.
func fail(w http.ResponseWriter, b Behavior, model string) bool {
	if e, ok := httpFailure(b.Fail, b.Status, model); ok {
		writeAPIError(w, e)
		return true
	}
	switch b.Fail {
	case FailNotFound:
		http.NotFound(w, nil)
		return true
	case FailHTML:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!doctype html>\n<html><body>\n<h1>Sign in to the network</h1>\n</body></html>\n"))
		return true
	}
	return false
}

// wait pauses for d, returning false if the client left or the server closed.
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-s.closed:
	}
	return false
}

// stall blocks until Release, the client leaving, or Close; it reports
// whether the reply should carry on.
func (s *Server) stall(r *http.Request) bool {
	select {
	case <-s.stallRelease():
		return true
	case <-r.Context().Done():
	case <-s.closed:
	}
	return false
}

// drop closes the client's connection without finishing the response.
func drop(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	conn.Close()
}
