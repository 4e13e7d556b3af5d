package chat

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/llm"
	"parley/backend/llm/fakeopenai"
)

// Every way a reply can fail reaches the UI as a chat:error with its code,
// and the saved reply carries the same code and whatever text had arrived.
// The learner's message is always kept.
func TestEveryFailureSurfacesThroughChatErrorAndTheSavedReply(t *testing.T) {
	cases := []struct {
		name     string
		script   []fakeopenai.Behavior
		config   func(*llm.Config)
		code     string
		partial  string
		requests int // chat requests the fake should see
	}{
		{name: "invalid key", script: []fakeopenai.Behavior{{Fail: fakeopenai.FailUnauthorized}}, code: apperr.LLMUnauthorized, requests: 1},
		{name: "rate limited", script: []fakeopenai.Behavior{{Fail: fakeopenai.FailRateLimited}}, code: apperr.LLMRateLimited, requests: 1},
		{name: "quota", script: []fakeopenai.Behavior{{Fail: fakeopenai.FailQuota}}, code: apperr.LLMQuota, requests: 1},
		{name: "model not found", script: []fakeopenai.Behavior{{Fail: fakeopenai.FailModelNotFound}}, code: apperr.LLMModelNotFound, requests: 1},
		{name: "server error retried twice", script: []fakeopenai.Behavior{{Fail: fakeopenai.FailServer}, {Fail: fakeopenai.FailServer, Status: 503}, {Fail: fakeopenai.FailServer}},
			code: apperr.LLMServer, requests: 3},
		{name: "dropped mid-stream", script: []fakeopenai.Behavior{{Tokens: []string{"Half", " a", " sentence"}, Fail: fakeopenai.FailDrop, AfterTokens: 2}},
			code: apperr.LLMDropped, partial: "Half a", requests: 1},
		{name: "malformed stream", script: []fakeopenai.Behavior{{Tokens: []string{"Odd", " stuff"}, Fail: fakeopenai.FailMalformed, AfterTokens: 1}},
			code: apperr.LLMMalformed, partial: "Odd", requests: 1},
		{name: "captive portal page", script: []fakeopenai.Behavior{{Fail: fakeopenai.FailHTML}}, code: apperr.LLMMalformed, requests: 1},
		{name: "no chat API at the base URL", script: []fakeopenai.Behavior{{Fail: fakeopenai.FailNotFound}}, code: apperr.LLMEndpointNotFound, requests: 1},
		{name: "stall mid-stream", script: []fakeopenai.Behavior{{Tokens: []string{"Let", " me", " see"}, Fail: fakeopenai.FailStall, AfterTokens: 1}},
			config: func(c *llm.Config) { c.StallTimeout = 150 * time.Millisecond }, code: apperr.LLMTimeout, partial: "Let", requests: 1},
		{name: "no first token", script: []fakeopenai.Behavior{{Fail: fakeopenai.FailStall, AfterTokens: 0}},
			config: func(c *llm.Config) { c.FirstTokenTimeout = 150 * time.Millisecond }, code: apperr.LLMTimeout, requests: 1},
		{name: "context too long even after trimming", script: []fakeopenai.Behavior{{Fail: fakeopenai.FailContextLength}, {Fail: fakeopenai.FailContextLength}},
			code: apperr.LLMContextTooLong, requests: 2},
		{name: "unreachable server", config: func(c *llm.Config) { c.BaseURL = closedURL(t) }, code: apperr.LLMUnreachable},
		{name: "no key for OpenAI", config: func(c *llm.Config) { c.APIKey, c.BaseURL = "", "" }, code: apperr.LLMNoKey},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			id := h.newRoom(cafe)
			h.fake.Script(c.script...)
			if c.config != nil {
				h.cfg.set(c.config)
			}
			res, ev := h.send(id, "Hello?")
			e, ok := ev.payload.(ErrorEvent)
			if !ok {
				t.Fatalf("got %s, want chat:error", ev.name)
			}
			if ev.name != EventError || e.Code != c.code || e.RoomID != id || e.ReplyID != res.ReplyID || e.Message == "" {
				t.Fatalf("event %+v, want code %s", e, c.code)
			}
			msgs := h.messages(id)
			if len(msgs) != 2 || msgs[0].Text != "Hello?" || msgs[0].Status != StatusDone {
				t.Fatalf("the learner's message was not kept: %s", jsonOf(msgs))
			}
			reply := msgs[1]
			if reply.Status != StatusError || reply.ErrorCode != c.code || reply.Text != c.partial || jsonOf(e.Reply) != jsonOf(reply) {
				t.Fatalf("saved reply %s, event reply %s", jsonOf(reply), jsonOf(e.Reply))
			}
			if text, _ := h.ev.deltas(id, res.ReplyID); text != c.partial {
				t.Fatalf("streamed %q, saved %q", text, c.partial)
			}
			n := 0
			for _, r := range h.fake.Requests() {
				if r.Endpoint == fakeopenai.EndpointChat {
					n++
				}
			}
			if n != c.requests {
				t.Fatalf("fake saw %d chat requests, want %d", n, c.requests)
			}
			if h.chat.Streaming(h.scope.UserID(), id) {
				t.Fatal("the room stays busy after a failure")
			}
		})
	}
}

// closedURL is a loopback address nothing listens on.
func closedURL(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/v1"
}

// A model whose context is smaller than Parley thought: the first refusal
// makes Parley halve its budget and ask once more with fewer old turns.
func TestAContextLengthRefusalTrimsHarderAndRetriesOnce(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	for i := range 8 {
		h.fake.Script(fakeopenai.Behavior{Reply: fmt.Sprintf("Reply number %d, with a few more words to take up room.", i)})
		h.send(id, fmt.Sprintf("Message number %d, with a few more words to take up room.", i))
	}
	before := len(h.fake.Requests())
	h.fake.Script(fakeopenai.Behavior{Fail: fakeopenai.FailContextLength}, fakeopenai.Behavior{Reply: "Fine."})
	_, ev := h.send(id, "And the last one.")
	if _, ok := ev.payload.(DoneEvent); !ok {
		t.Fatalf("got %s %+v", ev.name, ev.payload)
	}
	reqs := h.fake.Requests()[before:]
	if len(reqs) != 2 {
		t.Fatalf("%d requests after the refusal, want exactly one retry", len(reqs))
	}
	first, second := reqs[0].Messages, reqs[1].Messages
	if len(first) != 18 {
		t.Fatalf("first request had %d messages, want the whole conversation (18)", len(first))
	}
	if len(second) >= len(first) || second[0].Role != "system" || second[0].Content != first[0].Content ||
		second[len(second)-1].Content != "And the last one." {
		t.Fatalf("retry sent %d messages (first %d): %s", len(second), len(first), jsonOf(second))
	}
}

// Under a small budget only the newest turns go out, after the pinned
// system prompt, oldest first and never cut in the middle.
func TestOldTurnsAreLeftOutWhenTheBudgetIsSmall(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.chat.budgetOverride = 700
	var sent []string
	for i := range 12 {
		text := fmt.Sprintf("Message %d: could I also have a slice of that lemon cake, please?", i)
		h.fake.Script(fakeopenai.Behavior{Reply: fmt.Sprintf("Reply %d: of course, anything else for you today?", i)})
		h.send(id, text)
		sent = append(sent, text, fmt.Sprintf("Reply %d: of course, anything else for you today?", i))
	}
	got := h.lastChat().Messages
	if got[0].Role != "system" || got[0].Content != SystemPrompt(PromptVersion, sceneOf(mustRoom(h, id))) {
		t.Fatal("the system prompt is not pinned first")
	}
	turns := got[1:]
	if len(turns) < 2 || len(turns) >= 23 {
		t.Fatalf("sent %d turns; want some, but not all 23", len(turns))
	}
	// The turns sent are exactly the newest ones, in order, whole.
	wantTail := sent[len(sent)-1-len(turns) : len(sent)-1]
	for i, m := range turns {
		if m.Content != wantTail[i] {
			t.Fatalf("turn %d is %q, want %q", i, m.Content, wantTail[i])
		}
	}
	if turns[len(turns)-1].Role != "user" || !strings.HasPrefix(turns[len(turns)-1].Content, "Message 11") {
		t.Fatal("the newest learner message is not last")
	}
}
