package llm

import (
	"context"
	"strings"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/llm/fakeopenai"
)

func TestReplyStreamsPieceByPieceWithUsage(t *testing.T) {
	srv := newFake(t)
	srv.Script(fakeopenai.Behavior{Reply: "One hot latte, coming right up!", TokenDelay: time.Millisecond})
	c := newTestClient(t, testConfig(srv.URL))

	s, err := c.Stream(context.Background(), hello)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pieces, err := readAll(t, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(pieces) != 6 || strings.Join(pieces, "") != "One hot latte, coming right up!" {
		t.Fatalf("pieces %q", pieces)
	}
	if s.Truncated() {
		t.Fatal("a whole reply is marked as cut off")
	}
	if u := s.Usage(); u == nil || u.CompletionTokens != 6 || u.PromptTokens == 0 {
		t.Fatalf("usage %+v", u)
	}
}

func TestServerSeesExactlyWhatWasSent(t *testing.T) {
	srv := newFake(t)
	c := newTestClient(t, testConfig(srv.URL))
	if _, err := streamOnce(t, c); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if r.Path != "/v1/chat/completions" || r.Authorization != "Bearer sk-test-1234" || r.Model != "gpt-4o-mini" {
		t.Fatalf("path %q auth %q model %q", r.Path, r.Authorization, r.Model)
	}
	if !r.Stream || r.StreamOptions == nil || !r.StreamOptions.IncludeUsage {
		t.Fatalf("stream %v options %+v", r.Stream, r.StreamOptions)
	}
	if r.Temperature == nil || *r.Temperature != 0.5 {
		t.Fatalf("temperature %v", r.Temperature)
	}
	if len(r.Messages) != len(hello.Messages) {
		t.Fatalf("messages %+v", r.Messages)
	}
	for i, m := range hello.Messages {
		if r.Messages[i].Role != m.Role || r.Messages[i].Content != m.Content {
			t.Fatalf("message %d: sent %+v, want %+v", i, r.Messages[i], m)
		}
	}
}

func TestLocalServerGetsNoAuthorizationWithoutAKey(t *testing.T) {
	srv := newFake(t)
	cfg := testConfig(srv.URL)
	cfg.APIKey = ""
	if _, err := streamOnce(t, newTestClient(t, cfg)); err != nil {
		t.Fatal(err)
	}
	if r := srv.Requests()[0]; r.Authorization != "" || r.Header.Get("Authorization") != "" {
		t.Fatalf("Authorization %q sent without a key", r.Authorization)
	}
}

func TestTemperatureZeroIsSentNotDropped(t *testing.T) {
	srv := newFake(t)
	cfg := testConfig(srv.URL)
	cfg.Temperature = 0
	if _, err := streamOnce(t, newTestClient(t, cfg)); err != nil {
		t.Fatal(err)
	}
	if temp := srv.Requests()[0].Temperature; temp == nil || *temp > 1e-6 {
		t.Fatalf("temperature %v, want (almost) zero", temp)
	}
}

func TestOpenAIWithoutAKeyFailsBeforeSending(t *testing.T) {
	cfg := testConfig("")
	cfg.APIKey = ""
	c := newTestClient(t, cfg)
	_, err := c.Stream(context.Background(), hello)
	wantCode(t, err, apperr.LLMNoKey)
	_, err = c.ListModels(context.Background())
	wantCode(t, err, apperr.LLMNoKey)
	if r := c.TestConnection(context.Background()); r.OK || r.Code != apperr.LLMNoKey {
		t.Fatalf("report %+v", r)
	}
}

func TestHugeReplyIsCutAtTheLimitOnARuneBoundary(t *testing.T) {
	srv := newFake(t)
	srv.Script(fakeopenai.Behavior{Tokens: []string{"안녕", "하세요", "반갑습니다"}})
	cfg := testConfig(srv.URL)
	cfg.MaxReplyBytes = 10 // "안녕" is 6 bytes; "하세요" would make 15
	text, err := streamOnce(t, newTestClient(t, cfg))
	if err != nil {
		t.Fatal(err)
	}
	if text != "안녕하" {
		t.Fatalf("text %q", text)
	}
}

func TestTruncatedStreamReportsLength(t *testing.T) {
	srv := newFake(t)
	srv.Script(fakeopenai.Behavior{Reply: strings.Repeat("word ", 50)})
	cfg := testConfig(srv.URL)
	cfg.MaxReplyBytes = 32
	c := newTestClient(t, cfg)
	s, err := c.Stream(context.Background(), hello)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pieces, err := readAll(t, s)
	if err != nil {
		t.Fatal(err)
	}
	if text := strings.Join(pieces, ""); len(text) != 32 || !s.Truncated() {
		t.Fatalf("text %d bytes, truncated %v", len(text), s.Truncated())
	}
}

func TestCompleteReturnsTheWholeReply(t *testing.T) {
	srv := newFake(t)
	srv.Script(fakeopenai.Behavior{Reply: "Could I get it iced?"})
	c := newTestClient(t, testConfig(srv.URL))
	r, err := c.Complete(context.Background(), hello)
	if err != nil {
		t.Fatal(err)
	}
	if r.Text != "Could I get it iced?" || r.FinishReason != "stop" || r.Usage == nil || r.Usage.CompletionTokens != 5 {
		t.Fatalf("reply %+v usage %+v", r, r.Usage)
	}
	if req := srv.Requests()[0]; req.Stream || req.StreamOptions != nil {
		t.Fatalf("non-streamed call sent stream %v options %+v", req.Stream, req.StreamOptions)
	}
}

func TestReasoningModelsGetNoTemperatureAndMaxCompletionTokens(t *testing.T) {
	srv := newFake(t)
	cfg := testConfig(srv.URL)
	cfg.Model = "gpt-5-mini"
	c := newTestClient(t, cfg)
	if r := c.TestConnection(context.Background()); !r.OK {
		t.Fatalf("report %+v", r)
	}
	if _, err := streamOnce(t, c); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	test, chat := reqs[1], reqs[2]
	if test.Temperature != nil || chat.Temperature != nil {
		t.Fatalf("temperature sent to a reasoning model: %v %v", test.Temperature, chat.Temperature)
	}
	if !strings.Contains(test.Body, `"max_completion_tokens":1`) || strings.Contains(test.Body, `"max_tokens"`) {
		t.Fatalf("token limit sent as %s", test.Body)
	}
}

func TestALegacyCompletionModelIsNotAChatModel(t *testing.T) {
	srv := newFake(t)
	cfg := testConfig(srv.URL)
	cfg.Model = "text-davinci-003"
	_, err := streamOnce(t, newTestClient(t, cfg))
	wantCode(t, err, apperr.LLMModelNotFound)
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("%d requests sent", n)
	}
}
