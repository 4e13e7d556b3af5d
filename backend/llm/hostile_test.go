package llm

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"parley/backend/apperr"
)

// rawServer answers every chat request with the given SSE lines, then
// optionally hangs until the client leaves.
func rawServer(t *testing.T, hang bool, lines ...string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for _, l := range lines {
			w.Write([]byte(l + "\n\n"))
		}
		w.(http.Flusher).Flush()
		if hang {
			<-r.Context().Done()
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/v1"
}

const chunkHead = `data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":`

func TestOddButValidChunksKeepOnlyTheReplyText(t *testing.T) {
	url := rawServer(t, false,
		`data: {}`,
		`data: {"choices":null}`,
		chunkHead+`[{"index":0,"delta":{"role":"assistant","content":""}}]}`,
		chunkHead+`[{"index":1,"delta":{"content":"other choice "}}]}`,
		chunkHead+`[{"index":0,"delta":{"content":"Hel\u0000lo\u001b[31m"}}]}`,
		chunkHead+`[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"x","arguments":"{}"}}]}}]}`,
		chunkHead+`[{"index":0,"delta":{"content":" there\n"},"finish_reason":"stop"}]}`,
		`data: [DONE]`)
	text, err := streamOnce(t, newTestClient(t, testConfig(url)))
	if err != nil {
		t.Fatal(err)
	}
	if text != "Hello[31m there\n" {
		t.Fatalf("text %q", text)
	}
}

func TestBidiOverridesCannotReorderAReply(t *testing.T) {
	url := rawServer(t, false,
		chunkHead+`[{"index":0,"delta":{"content":"See https://example.com/\u202egnp.exe and \u2067x\u2069 \u200fok"}}]}`,
		chunkHead+`[{"index":0,"delta":{"content":" pay\u200bpal \ud83d\udc69\u200d"}}]}`,
		chunkHead+`[{"index":0,"delta":{"content":"\ud83d\udcbb"}}]}`,
		chunkHead+`[{"index":0,"delta":{"content":""},"finish_reason":"stop"}]}`,
		`data: [DONE]`)
	text, err := streamOnce(t, newTestClient(t, testConfig(url)))
	if err != nil {
		t.Fatal(err)
	}
	// The zero-width space goes; the joiner split across two pieces stays, so
	// the emoji arrives whole.
	if text != "See https://example.com/gnp.exe and x \u200fok paypal 👩\u200d💻" {
		t.Fatalf("text %q", text)
	}
}

func TestWrongJSONTypesAreMalformedNotAPanic(t *testing.T) {
	for _, line := range []string{
		chunkHead + `[{"index":0,"delta":{"content":42}}]}`,
		chunkHead + `"nope"}`,
		`data: [1,2,3]`,
		`data: {"usage":{"prompt_tokens":"many"}}`,
	} {
		url := rawServer(t, false, line, `data: [DONE]`)
		_, err := streamOnce(t, newTestClient(t, testConfig(url)))
		wantCode(t, err, apperr.LLMMalformed)
	}
}

func TestAnErrorEventInsideTheStreamIsAServerError(t *testing.T) {
	url := rawServer(t, false,
		chunkHead+`[{"index":0,"delta":{"content":"Hi"}}]}`,
		`data: {"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}`)
	text, err := streamOnce(t, newTestClient(t, testConfig(url)))
	wantCode(t, err, apperr.LLMServer)
	if text != "Hi" {
		t.Fatalf("kept %q", text)
	}
}

func TestAStreamThatEndsWithoutFinishingIsDropped(t *testing.T) {
	url := rawServer(t, false, chunkHead+`[{"index":0,"delta":{"content":"Half a"}}]}`)
	text, err := streamOnce(t, newTestClient(t, testConfig(url)))
	wantCode(t, err, apperr.LLMDropped)
	if text != "Half a" {
		t.Fatalf("kept %q", text)
	}
}

func TestAHangAfterTheFinishStillCompletesTheReply(t *testing.T) {
	url := rawServer(t, true,
		chunkHead+`[{"index":0,"delta":{"content":"Done."}}]}`,
		chunkHead+`[{"index":0,"delta":{},"finish_reason":"stop"}]}`)
	cfg := testConfig(url)
	cfg.StallTimeout = 100 * time.Millisecond
	start := time.Now()
	text, err := streamOnce(t, newTestClient(t, cfg))
	if err != nil || text != "Done." {
		t.Fatalf("text %q err %v", text, err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("waited far past the stall timeout")
	}
}

func TestBadSettingsAreRejectedByField(t *testing.T) {
	cases := []struct {
		edit  func(*Config)
		field string
	}{
		{func(c *Config) { c.BaseURL = "ftp://example.com" }, "baseUrl"},
		{func(c *Config) { c.BaseURL = "localhost:11434" }, "baseUrl"},
		// A key pasted into the address would travel as basic auth and into error text.
		{func(c *Config) { c.BaseURL = "https://me:sk-pasted-key@api.example.com/v1" }, "baseUrl"},
		{func(c *Config) { c.Temperature = 2.5 }, "temperature"},
		{func(c *Config) { c.Temperature = -0.1 }, "temperature"},
		{func(c *Config) { c.ProxyURL = "gopher://proxy:70" }, "proxyUrl"},
		{func(c *Config) { c.ProxyURL = "not a url" }, "proxyUrl"},
	}
	for _, tc := range cases {
		cfg := testConfig("http://127.0.0.1:1/v1")
		tc.edit(&cfg)
		_, err := NewClient(cfg)
		e, ok := err.(*apperr.Error)
		if !ok || e.Code != apperr.InputInvalid || e.Field != tc.field {
			t.Fatalf("%+v: error %v, want input.invalid on %s", cfg, err, tc.field)
		}
		if strings.Contains(err.Error(), "sk-pasted-key") {
			t.Fatalf("the error repeats the address's secret: %v", err)
		}
	}
	c, err := NewClient(Config{ProxyURL: " socks5://127.0.0.1:1080 "})
	if err != nil || c.Model() != DefaultModel {
		t.Fatalf("defaults: %v", err)
	}
	c.Close()
}

func TestAnEndlessAnswerIsCutOffAsMalformed(t *testing.T) {
	defer func(old int64) { maxResponseBytes = old }(maxResponseBytes)
	maxResponseBytes = 4 << 10
	url := rawServer(t, false,
		chunkHead+`[{"index":0,"delta":{"content":"Hi"}}]}`,
		"data: "+strings.Repeat("x", 8<<10))
	c := newTestClient(t, testConfig(url))
	text, err := streamOnce(t, c)
	wantCode(t, err, apperr.LLMMalformed)
	if text != "Hi" {
		t.Fatalf("kept %q", text)
	}

	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		w.Write([]byte(strings.Repeat("<p>bad gateway</p>", 1<<10)))
	}))
	defer big.Close()
	_, err = newTestClient(t, testConfig(big.URL)).Complete(t.Context(), hello)
	wantCode(t, err, apperr.LLMMalformed)
}
