package llm

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/llm/fakeopenai"
)

// Every failure a learner can meet, through the real go-openai client.
func TestEachServerFailureGetsItsCode(t *testing.T) {
	cases := []struct {
		name     string
		behavior fakeopenai.Behavior
		code     string
		partial  string // text the learner keeps
	}{
		{"invalid key", fakeopenai.Behavior{Fail: fakeopenai.FailUnauthorized}, apperr.LLMUnauthorized, ""},
		{"rate limited", fakeopenai.Behavior{Fail: fakeopenai.FailRateLimited}, apperr.LLMRateLimited, ""},
		{"quota used up", fakeopenai.Behavior{Fail: fakeopenai.FailQuota}, apperr.LLMQuota, ""},
		{"unknown model", fakeopenai.Behavior{Fail: fakeopenai.FailModelNotFound}, apperr.LLMModelNotFound, ""},
		{"context too long", fakeopenai.Behavior{Fail: fakeopenai.FailContextLength}, apperr.LLMContextTooLong, ""},
		{"bad request", fakeopenai.Behavior{Fail: fakeopenai.FailBadRequest}, apperr.LLMBadRequest, ""},
		{"wrong base URL", fakeopenai.Behavior{Fail: fakeopenai.FailNotFound}, apperr.LLMEndpointNotFound, ""},
		{"captive portal page", fakeopenai.Behavior{Fail: fakeopenai.FailHTML}, apperr.LLMMalformed, ""},
		{"no first token", fakeopenai.Behavior{Fail: fakeopenai.FailStall}, apperr.LLMTimeout, ""},
		{"stall mid-reply", fakeopenai.Behavior{Reply: "Sure, one moment", Fail: fakeopenai.FailStall, AfterTokens: 2}, apperr.LLMTimeout, "Sure, one"},
		{"dropped mid-reply", fakeopenai.Behavior{Reply: "Sure, one moment", Fail: fakeopenai.FailDrop, AfterTokens: 2}, apperr.LLMDropped, "Sure, one"},
		{"dropped before text", fakeopenai.Behavior{Fail: fakeopenai.FailDrop}, apperr.LLMDropped, ""},
		{"malformed event", fakeopenai.Behavior{Reply: "Sure, one moment", Fail: fakeopenai.FailMalformed, AfterTokens: 1}, apperr.LLMMalformed, "Sure,"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newFake(t)
			srv.Script(tc.behavior)
			text, err := streamOnce(t, newTestClient(t, shortTimeouts(testConfig(srv.URL), tc.behavior)))
			wantCode(t, err, tc.code)
			if text != tc.partial {
				t.Fatalf("kept %q, want %q", text, tc.partial)
			}
			if n := len(srv.Requests()); n != 1 {
				t.Fatalf("%d requests; only server errors are retried", n)
			}
		})
	}
}

func TestNonStreamedCallsGetTheSameCodes(t *testing.T) {
	cases := []struct {
		fail fakeopenai.Failure
		code string
	}{
		{fakeopenai.FailUnauthorized, apperr.LLMUnauthorized},
		{fakeopenai.FailQuota, apperr.LLMQuota},
		{fakeopenai.FailContextLength, apperr.LLMContextTooLong},
		{fakeopenai.FailMalformed, apperr.LLMMalformed},
		{fakeopenai.FailDrop, apperr.LLMDropped},
		{fakeopenai.FailHTML, apperr.LLMMalformed},
	}
	srv := newFake(t)
	c := newTestClient(t, testConfig(srv.URL))
	for _, tc := range cases {
		srv.Script(fakeopenai.Behavior{Fail: tc.fail})
		_, err := c.Complete(context.Background(), hello)
		t.Run(string(tc.fail), func(t *testing.T) { wantCode(t, err, tc.code) })
	}
}

func TestSlowNonStreamedCallTimesOut(t *testing.T) {
	srv := newFake(t)
	srv.Script(fakeopenai.Behavior{Fail: fakeopenai.FailStall})
	cfg := testConfig(srv.URL)
	cfg.RequestTimeout = 200 * time.Millisecond
	_, err := newTestClient(t, cfg).Complete(context.Background(), hello)
	wantCode(t, err, apperr.LLMTimeout)
}

func TestServerErrorsAreRetriedTwiceThenReported(t *testing.T) {
	srv := newFake(t)
	srv.Script(
		fakeopenai.Behavior{Fail: fakeopenai.FailServer},
		fakeopenai.Behavior{Fail: fakeopenai.FailServer, Status: 503},
		fakeopenai.Behavior{Fail: fakeopenai.FailServer, Status: 502},
		fakeopenai.Behavior{Reply: "never asked for"},
	)
	log := &backoffLog{}
	cfg := testConfig(srv.URL)
	cfg.Backoff = log.backoff
	_, err := streamOnce(t, newTestClient(t, cfg))
	wantCode(t, err, apperr.LLMServer)
	if n := len(srv.Requests()); n != 3 {
		t.Fatalf("%d requests, want 1 + 2 retries", n)
	}
	if got := log.got(); len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Fatalf("backoff asked for retries %v", got)
	}
}

func TestAServerErrorThenSuccessGivesTheReply(t *testing.T) {
	srv := newFake(t)
	srv.Script(fakeopenai.Behavior{Fail: fakeopenai.FailServer}, fakeopenai.Behavior{Reply: "Here you go."})
	text, err := streamOnce(t, newTestClient(t, testConfig(srv.URL)))
	if err != nil || text != "Here you go." {
		t.Fatalf("text %q err %v", text, err)
	}
}

func TestCancelingAfterSomeTextKeepsItAndSaysCanceled(t *testing.T) {
	srv := newFake(t)
	srv.Script(fakeopenai.Behavior{Reply: "Let me think about that", Fail: fakeopenai.FailStall, AfterTokens: 2})
	c := newTestClient(t, testConfig(srv.URL))
	ctx, cancel := context.WithCancel(context.Background())
	s, err := c.Stream(ctx, hello)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var kept string
	for range 2 {
		piece, err := s.Recv()
		if err != nil {
			t.Fatal(err)
		}
		kept += piece
	}
	cancel()
	piece, err := s.Recv()
	wantCode(t, err, apperr.LLMCanceled)
	if kept+piece != "Let me" {
		t.Fatalf("kept %q", kept+piece)
	}
	_, again := s.Recv()
	if again != err {
		t.Fatalf("second Recv gave %v, want the same %v", again, err)
	}
}

func TestCancelingDuringBackoffStopsRetrying(t *testing.T) {
	srv := newFake(t)
	srv.SetDefault(fakeopenai.Behavior{Fail: fakeopenai.FailServer})
	cfg := testConfig(srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	cfg.Backoff = func(int) time.Duration { cancel(); return time.Hour }
	_, err := newTestClient(t, cfg).Stream(ctx, hello)
	wantCode(t, err, apperr.LLMCanceled)
	if n := len(srv.Requests()); n != 1 {
		t.Fatalf("%d requests after cancel", n)
	}
}

func TestRefusedConnectionIsUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c := newTestClient(t, testConfig("http://"+addr+"/v1"))
	_, err = streamOnce(t, c)
	wantCode(t, err, apperr.LLMUnreachable)
	_, err = c.ListModels(context.Background())
	wantCode(t, err, apperr.LLMUnreachable)
}

func TestNetworkErrorsAreClassified(t *testing.T) {
	ctx := context.Background()
	dns := &net.DNSError{Err: "no such host", Name: "api.example.invalid", IsNotFound: true}
	if e := classify(ctx, ctx, dns, phaseConnect); e.Code != apperr.LLMUnreachable {
		t.Fatalf("DNS failure: %s", e.Code)
	}
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: &net.AddrError{Err: "network is unreachable"}}
	if e := classify(ctx, ctx, dial, phaseConnect); e.Code != apperr.LLMUnreachable {
		t.Fatalf("dial failure: %s", e.Code)
	}
	read := &net.OpError{Op: "read", Net: "tcp", Err: &net.AddrError{Err: "reset"}}
	if e := classify(ctx, ctx, read, phaseRead); e.Code != apperr.LLMDropped {
		t.Fatalf("read failure mid-reply: %s", e.Code)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if e := classify(canceled, canceled, dns, phaseConnect); e.Code != apperr.LLMCanceled {
		t.Fatalf("failure after cancel: %s", e.Code)
	}
}

func TestStoppingAfterTheServerFinishedKeepsTheReplyComplete(t *testing.T) {
	url := rawServer(t, true,
		chunkHead+`[{"index":0,"delta":{"content":"All done."},"finish_reason":"stop"}]}`)
	c := newTestClient(t, testConfig(url))
	ctx, cancel := context.WithCancel(context.Background())
	s, err := c.Stream(ctx, hello)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if p, err := s.Recv(); err != nil || p != "All done." {
		t.Fatalf("%q %v", p, err)
	}
	cancel()
	if _, err := s.Recv(); err != io.EOF {
		t.Fatalf("after the finish, a stop gave %v, want io.EOF", err)
	}
}
