package llm

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"sync"
	"testing"

	"parley/backend/apperr"
)

// forwardProxy is a plain HTTP forward proxy that notes what went through it.
type forwardProxy struct {
	*httptest.Server
	mu   sync.Mutex
	seen []*http.Request
}

func newForwardProxy(t *testing.T) *forwardProxy {
	p := &forwardProxy{}
	rp := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
		pr.Out.URL = pr.In.URL // a forward proxy's request line holds the absolute URL
	}}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.seen = append(p.seen, r.Clone(r.Context()))
		p.mu.Unlock()
		if !r.URL.IsAbs() {
			http.Error(w, "not a proxy request", http.StatusBadRequest)
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *forwardProxy) requests() []*http.Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]*http.Request(nil), p.seen...)
}

func TestRepliesGoThroughTheConfiguredProxy(t *testing.T) {
	srv := newFake(t)
	proxy := newForwardProxy(t)
	cfg := testConfig(srv.URL)
	cfg.ProxyURL = "http://learner:s3cret@" + proxy.Listener.Addr().String()
	text, err := streamOnce(t, newTestClient(t, cfg))
	if err != nil || text == "" {
		t.Fatalf("text %q err %v", text, err)
	}
	seen := proxy.requests()
	if len(seen) != 1 || seen[0].URL.String() != srv.URL+"/chat/completions" {
		t.Fatalf("proxy saw %d requests", len(seen))
	}
	if user, pass, ok := (&http.Request{Header: http.Header{"Authorization": seen[0].Header["Proxy-Authorization"]}}).BasicAuth(); !ok || user != "learner" || pass != "s3cret" {
		t.Fatalf("proxy credentials not sent")
	}
	if len(srv.Requests()) != 1 {
		t.Fatal("the request did not reach the server through the proxy")
	}
}

func TestADeadProxyIsUnreachable(t *testing.T) {
	srv := newFake(t)
	proxy := newForwardProxy(t)
	proxy.Close()
	cfg := testConfig(srv.URL)
	cfg.ProxyURL = proxy.URL
	_, err := streamOnce(t, newTestClient(t, cfg))
	wantCode(t, err, apperr.LLMUnreachable)
}
