package fakeopenai

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func post(t *testing.T, url, body string, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// events reads an SSE body into its data payloads.
func events(t *testing.T, body io.Reader) []string {
	t.Helper()
	var out []string
	sc := bufio.NewScanner(body)
	for sc.Scan() {
		if line := sc.Text(); line != "" {
			if !strings.HasPrefix(line, "data: ") {
				t.Fatalf("line %q is not an SSE data line", line)
			}
			out = append(out, strings.TrimPrefix(line, "data: "))
		}
	}
	return out
}

const chatBody = `{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"temperature":0.7,
	"messages":[{"role":"system","content":"You are a barista."},{"role":"user","content":[{"type":"text","text":"A latte, please."}]}]}`

func TestStreamedReplyHasTheRealChunkShapeUsageAndDone(t *testing.T) {
	srv := New()
	defer srv.Close()
	srv.Script(Behavior{Reply: "One latte coming up."})

	resp := post(t, srv.URL+"/chat/completions", chatBody)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("content type %q", ct)
	}
	ev := events(t, resp.Body)
	if ev[len(ev)-1] != "[DONE]" {
		t.Fatalf("last event %q, want [DONE]", ev[len(ev)-1])
	}
	type chunk struct {
		Object  string `json:"object"`
		Model   string `json:"model"`
		Choices []struct {
			Delta        map[string]any `json:"delta"`
			FinishReason *string        `json:"finish_reason"`
		} `json:"choices"`
		Usage *struct {
			Prompt     int `json:"prompt_tokens"`
			Completion int `json:"completion_tokens"`
			Total      int `json:"total_tokens"`
		} `json:"usage"`
	}
	var text strings.Builder
	var finish string
	for i, e := range ev[:len(ev)-1] {
		var c chunk
		if err := json.Unmarshal([]byte(e), &c); err != nil {
			t.Fatalf("event %d %q: %v", i, e, err)
		}
		if c.Object != "chat.completion.chunk" || c.Model != "gpt-4o-mini" {
			t.Fatalf("event %d: object %q model %q", i, c.Object, c.Model)
		}
		if !strings.Contains(e, `"usage":`) {
			t.Fatalf("event %d lacks the usage field include_usage asks for: %s", i, e)
		}
		if i == len(ev)-2 {
			if len(c.Choices) != 0 || c.Usage == nil || c.Usage.Completion != 4 || c.Usage.Total != c.Usage.Prompt+4 {
				t.Fatalf("last chunk is not the usage chunk: %s", e)
			}
			continue
		}
		if c.Usage != nil {
			t.Fatalf("usage before the last chunk: %s", e)
		}
		if s, ok := c.Choices[0].Delta["content"].(string); ok {
			text.WriteString(s)
		}
		if c.Choices[0].FinishReason != nil {
			finish = *c.Choices[0].FinishReason
		}
	}
	if text.String() != "One latte coming up." || finish != "stop" {
		t.Fatalf("text %q finish %q", text.String(), finish)
	}
}

func TestStreamWithoutIncludeUsageSendsNoUsage(t *testing.T) {
	srv := New()
	defer srv.Close()
	resp := post(t, srv.URL+"/chat/completions", `{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}`)
	body, _ := io.ReadAll(resp.Body)
	if bytes.Contains(body, []byte(`"usage"`)) {
		t.Fatalf("usage sent without include_usage:\n%s", body)
	}
	if !bytes.Contains(body, []byte(`"content":"Welcome"`)) {
		t.Fatalf("default reply missing:\n%s", body)
	}
}

func TestErrorBodiesMatchTheRealAPI(t *testing.T) {
	cases := []struct {
		fail   Failure
		status int
		typ    string
		code   any
	}{
		{FailUnauthorized, 401, "invalid_request_error", "invalid_api_key"},
		{FailRateLimited, 429, "requests", "rate_limit_exceeded"},
		{FailQuota, 429, "insufficient_quota", "insufficient_quota"},
		{FailModelNotFound, 404, "invalid_request_error", "model_not_found"},
		{FailServer, 500, "server_error", nil},
		{FailContextLength, 400, "invalid_request_error", "context_length_exceeded"},
		{FailBadRequest, 400, "invalid_request_error", "decimal_above_max_value"},
	}
	srv := New()
	defer srv.Close()
	for _, c := range cases {
		t.Run(string(c.fail), func(t *testing.T) {
			srv.Script(Behavior{Fail: c.fail})
			resp := post(t, srv.URL+"/chat/completions", chatBody)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, c.status)
			}
			var body struct {
				Error map[string]any `json:"error"`
			}
			raw, _ := io.ReadAll(resp.Body)
			if err := json.Unmarshal(raw, &body); err != nil {
				t.Fatal(err)
			}
			e := body.Error
			if len(e) != 4 || e["type"] != c.typ || e["code"] != c.code || e["message"] == "" {
				t.Fatalf("error body %s", raw)
			}
			if _, ok := e["param"]; !ok {
				t.Fatalf("param missing: %s", raw)
			}
		})
	}
}

func TestRequestsAreRecordedForAssertions(t *testing.T) {
	srv := New()
	defer srv.Close()
	post(t, srv.URL+"/chat/completions", chatBody, "Authorization", "Bearer sk-test").Body.Close()
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if r.Authorization != "Bearer sk-test" || r.Model != "gpt-4o-mini" || !r.Stream ||
		r.StreamOptions == nil || !r.StreamOptions.IncludeUsage || r.Temperature == nil || *r.Temperature != 0.7 {
		t.Fatalf("recorded %+v", r)
	}
	want := []Message{{Role: "system", Content: "You are a barista."}, {Role: "user", Content: "A latte, please."}}
	if len(r.Messages) != 2 || r.Messages[0] != want[0] || r.Messages[1] != want[1] {
		t.Fatalf("messages %+v", r.Messages)
	}
}

func TestScriptedBehavioursAreUsedOnceInOrderThenTheDefault(t *testing.T) {
	srv := New()
	defer srv.Close()
	srv.SetDefault(Behavior{Reply: "default"})
	srv.Script(Behavior{Reply: "first"}, Behavior{Endpoint: EndpointModels, Fail: FailNotFound}, Behavior{Reply: "second"})
	body := `{"model":"m","messages":[{"role":"user","content":"hi"}]}`
	var got []string
	for range 3 {
		var c struct {
			Choices []struct {
				Message struct{ Content string } `json:"message"`
			} `json:"choices"`
		}
		json.NewDecoder(post(t, srv.URL+"/chat/completions", body).Body).Decode(&c)
		got = append(got, c.Choices[0].Message.Content)
	}
	if strings.Join(got, ",") != "first,second,default" {
		t.Fatalf("replies %v", got)
	}
	resp, err := http.Get(srv.URL + "/models")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 || srv.Pending() != 0 {
		t.Fatalf("models status %d pending %d", resp.StatusCode, srv.Pending())
	}
}

func TestRequiredKeyRejectsOtherKeysEverywhere(t *testing.T) {
	srv := New()
	defer srv.Close()
	srv.RequireKey("sk-right")
	if resp := post(t, srv.RootURL+"/chat/completions", chatBody, "Authorization", "Bearer sk-wrong"); resp.StatusCode != 401 {
		t.Fatalf("wrong key: %d", resp.StatusCode)
	}
	if resp := post(t, srv.URL+"/chat/completions", chatBody, "Authorization", "Bearer sk-right"); resp.StatusCode != 200 {
		t.Fatalf("right key: %d", resp.StatusCode)
	}
	resp, _ := http.Get(srv.URL + "/models")
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("models without key: %d", resp.StatusCode)
	}
}

func TestStallHoldsTheReplyUntilReleased(t *testing.T) {
	srv := New()
	defer srv.Close()
	srv.Script(Behavior{Reply: "a b c", Fail: FailStall, AfterTokens: 1})
	resp := post(t, srv.URL+"/chat/completions", chatBody)
	done := make(chan []string)
	go func() { done <- events(t, resp.Body) }()
	select {
	case <-done:
		t.Fatal("stalled reply finished before release")
	case <-time.After(50 * time.Millisecond):
	}
	srv.Release()
	ev := <-done
	if ev[len(ev)-1] != "[DONE]" {
		t.Fatalf("released reply did not finish: %v", ev)
	}
}

func TestDroppedConnectionEndsTheBodyWithAnError(t *testing.T) {
	srv := New()
	defer srv.Close()
	srv.Script(Behavior{Reply: "a b c", Fail: FailDrop, AfterTokens: 2})
	resp := post(t, srv.URL+"/chat/completions", chatBody)
	body, err := io.ReadAll(resp.Body)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("read error %v, want unexpected EOF", err)
	}
	if !bytes.Contains(body, []byte(`"content":" b"`)) || bytes.Contains(body, []byte(`" c"`)) {
		t.Fatalf("body before the drop:\n%s", body)
	}
}

func TestModelsAndSpeech(t *testing.T) {
	srv := New()
	defer srv.Close()
	srv.SetModels("llama3.2", "qwen2.5")
	resp, err := http.Get(srv.RootURL + "/models")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct {
		Object string `json:"object"`
		Data   []struct{ ID, Object string }
	}
	json.NewDecoder(resp.Body).Decode(&list)
	if list.Object != "list" || len(list.Data) != 2 || list.Data[1].ID != "qwen2.5" || list.Data[0].Object != "model" {
		t.Fatalf("models %+v", list)
	}
	sp := post(t, srv.URL+"/audio/speech", `{"model":"tts-1","input":"Hello","voice":"alloy"}`)
	audio, _ := io.ReadAll(sp.Body)
	if sp.Header.Get("Content-Type") != "audio/mpeg" || !bytes.HasPrefix(audio, []byte("ID3")) {
		t.Fatalf("speech %q %d bytes", sp.Header.Get("Content-Type"), len(audio))
	}
	if r := srv.Requests(); r[1].Input != "Hello" || r[1].Voice != "alloy" || r[1].Endpoint != EndpointSpeech {
		t.Fatalf("speech request %+v", r[1])
	}
}

func TestListenRefusesNonLoopbackAddresses(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0"} {
		if s, err := Listen(addr); err == nil {
			s.Close()
			t.Fatalf("Listen(%q) succeeded", addr)
		}
	}
}

func TestSplitTokensJoinsBackToTheText(t *testing.T) {
	for _, text := range []string{DefaultReply, "いらっしゃいませ。ご注文はお決まりですか？", "안녕하세요, 주문하시겠어요?", " lead  double"} {
		toks := SplitTokens(text)
		if strings.Join(toks, "") != text || len(toks) < 3 {
			t.Fatalf("%q split into %q", text, toks)
		}
	}
}

func TestBehaviorJSONCarriesTokenDelayInMilliseconds(t *testing.T) {
	var b Behavior
	if err := json.Unmarshal([]byte(`{"reply":"x","tokenDelayMs":25,"fail":"stall","afterTokens":2}`), &b); err != nil {
		t.Fatal(err)
	}
	if b.TokenDelay != 25*time.Millisecond || b.Fail != FailStall || b.AfterTokens != 2 || b.Reply != "x" {
		t.Fatalf("%+v", b)
	}
	out, _ := json.Marshal(b)
	if !bytes.Contains(out, []byte(`"tokenDelayMs":25`)) {
		t.Fatalf("%s", out)
	}
}
