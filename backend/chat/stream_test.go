package chat

import (
	"context"
	"strings"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/llm/fakeopenai"
	"parley/backend/userdata"
)

// A fast model must not flood the UI with one event per token.
func TestAFastReplyArrivesInFewBatchedEventsThatAddUpToTheSavedText(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	tokens := make([]string, 500)
	for i := range tokens {
		tokens[i] = " word"
	}
	h.fake.Script(fakeopenai.Behavior{Tokens: tokens})
	res, ev := h.send(id, "Tell me a long story")
	done := ev.payload.(DoneEvent)
	text, n := h.ev.deltas(id, res.ReplyID)
	if n == 0 || n > 50 {
		t.Fatalf("%d delta events for 500 tokens", n)
	}
	t.Logf("500 tokens arrived in %d delta events", n)
	want := strings.Repeat(" word", 500)
	if text != want || done.Reply.Text != want || h.messages(id)[1].Text != want {
		t.Fatalf("deltas (%d chars), event and saved text differ", len(text))
	}
	// Every delta came before the done event.
	seenDone := false
	for _, e := range h.ev.all() {
		switch e.payload.(type) {
		case DoneEvent:
			seenDone = true
		case DeltaEvent:
			if seenDone {
				t.Fatal("a delta arrived after chat:done")
			}
		}
	}
}

func TestControlCharactersFromTheModelAreNotSaved(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.fake.Script(fakeopenai.Behavior{Tokens: []string{"Hi\x00", " there\x1b[31m", "\n\tbye\u0085"}})
	res, _ := h.send(id, "hello")
	got := h.messages(id)[1].Text
	if got != "Hi there[31m\n\tbye" {
		t.Fatalf("saved %q", got)
	}
	if d, _ := h.ev.deltas(id, res.ReplyID); d != got {
		t.Fatalf("streamed %q, saved %q", d, got)
	}
}

// Log-out and quit stop every reply and keep what had arrived.
func TestCancelAllStopsEveryReplyAndSavesItsPartial(t *testing.T) {
	h := newHarness(t)
	a, b := h.newRoom(cafe), h.newRoom(cafe)
	h.fake.Script(
		fakeopenai.Behavior{Tokens: []string{"One", " two", " three"}, Fail: fakeopenai.FailStall, AfterTokens: 2},
		fakeopenai.Behavior{Tokens: []string{"One", " two", " three"}, Fail: fakeopenai.FailStall, AfterTokens: 2},
	)
	ra, _ := h.chat.SendMessage(h.scope, a, "count")
	rb, _ := h.chat.SendMessage(h.scope, b, "count")
	waitDeltas(t, h, a, ra.ReplyID, "One two")
	waitDeltas(t, h, b, rb.ReplyID, "One two")
	h.chat.CancelAll()
	// No waiting: CancelAll returns only once both partials are saved.
	for room, want := range map[string]string{a: "One two", b: "One two"} {
		r := h.messages(room)[1]
		if r.Status != StatusStopped || r.Text != want {
			t.Fatalf("room %s saved %+v", room, r)
		}
	}
	if h.chat.Streaming(h.scope.UserID(), a) || h.chat.Streaming(h.scope.UserID(), b) {
		t.Fatal("rooms still busy after CancelAll")
	}
}

func TestRoomUsageAddsUpEveryRequestWithACostEstimate(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.fake.Script(
		fakeopenai.Behavior{Reply: "One.", Usage: &fakeopenai.Usage{PromptTokens: 1000, CompletionTokens: 10}},
		fakeopenai.Behavior{Reply: "Two.", Usage: &fakeopenai.Usage{PromptTokens: 2000, CompletionTokens: 20}},
	)
	h.send(id, "a")
	h.send(id, "b")
	u, err := h.chat.RoomUsage(h.scope, id)
	if err != nil {
		t.Fatal(err)
	}
	wantCost := (3000*0.15 + 30*0.60) / 1e6 // gpt-4o-mini list price
	if u.PromptTokens != 3000 || u.CompletionTokens != 30 || u.EstimatedCostUSD < wantCost*0.999 || u.EstimatedCostUSD > wantCost*1.001 {
		t.Fatalf("usage %+v, want 3000/30 and $%v", u, wantCost)
	}
	if m := h.messages(id)[3]; m.Usage == nil || m.Usage.PromptTokens != 2000 || m.Usage.CompletionTokens != 20 {
		t.Fatalf("reply usage %+v", m.Usage)
	}
}

func TestASuggestionIsNotKeptInTheConversation(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.fake.Script(fakeopenai.Behavior{Reply: "Hello! What can I get you?"})
	h.send(id, "Hi")
	h.fake.Script(fakeopenai.Behavior{Reply: `"A flat white, please."`})
	got, err := h.chat.SuggestReply(context.Background(), h.scope, id)
	if err != nil {
		t.Fatal(err)
	}
	if got != "A flat white, please." {
		t.Fatalf("suggestion %q", got)
	}
	// The request is written out, not rebuilt with SuggestPrompts: one
	// system message about this room's scene, then the conversation quoted.
	req := h.lastChat()
	if req.Stream || len(req.Messages) != 2 || req.Messages[0].Role != "system" || req.Messages[1].Role != "user" {
		t.Fatalf("suggest request %s", jsonOf(req.Messages))
	}
	sys := req.Messages[0].Content
	for _, want := range []string{
		"You help someone practising English in a role-play.",
		"Situation: Ordering at a small café in London.",
		"Partner's role: barista",
		"Learner's role: customer",
		"Learner's goal: Order a flat white",
		"The learner is at CEFR level A2",
	} {
		if !strings.Contains(sys, want) {
			t.Errorf("the suggest system prompt lacks %q:\n%s", want, sys)
		}
	}
	wantAsk := "The conversation so far:\n<conversation>\nLearner: Hi\nPartner: Hello! What can I get you?\n</conversation>\n\nWrite the learner's next line."
	if got := req.Messages[1].Content; got != wantAsk {
		t.Fatalf("the suggest ask is\n%q\nwant\n%q", got, wantAsk)
	}
	if n := len(h.messages(id)); n != 2 {
		t.Fatalf("the suggestion changed the history: %d messages", n)
	}
	h.fake.Script(fakeopenai.Behavior{Reply: "Sure."})
	h.send(id, "A flat white, please.")
	for _, m := range h.lastChat().Messages {
		if strings.Contains(m.Content, "<conversation>") {
			t.Fatal("the suggestion prompt leaked into the role-play context")
		}
	}
}

func TestTheRoomListShowsTheLastLineAndCount(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.fake.Script(fakeopenai.Behavior{Fail: fakeopenai.FailRateLimited})
	h.send(id, "Is anyone there?")
	if a := h.activity(id); a.Preview != "Is anyone there?" || a.PreviewRole != RoleUser || a.MessageCount != 2 {
		t.Fatalf("after a failed reply the list shows %+v", a)
	}
	h.fake.Script(fakeopenai.Behavior{Reply: "Yes, hello!"})
	mark := len(h.ev.all())
	res, _ := h.chat.RetryReply(h.scope, id)
	waitDone(t, h, id, res.ReplyID, mark)
	if a := h.activity(id); a.Preview != "Yes, hello!" || a.PreviewRole != RoleAssistant || a.MessageCount != 2 {
		t.Fatalf("after the retry the list shows %+v", a)
	}
}

// A reply left streaming by a crash shows as dropped and can be retried.
func TestAReplyInterruptedByACrashCanBeRetried(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	err := h.scope.Update(func(tx *userdata.Tx) error {
		ms, err := openMessages(tx, id)
		if err != nil {
			return err
		}
		if err := ms.add(&Message{Role: RoleUser, Text: "Hello", Status: StatusDone}); err != nil {
			return err
		}
		return ms.add(&Message{Role: RoleAssistant, Text: "Hel", Status: StatusStreaming})
	})
	if err != nil {
		t.Fatal(err)
	}
	if r := h.messages(id)[1]; r.Status != StatusError || r.ErrorCode != apperr.LLMDropped {
		t.Fatalf("stale reply shows as %+v", r)
	}
	h.fake.Script(fakeopenai.Behavior{Reply: "Hello again!"})
	res, err := h.chat.RetryReply(h.scope, id)
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, h, id, res.ReplyID, 0)
	if msgs := h.messages(id); len(msgs) != 2 || msgs[1].Text != "Hello again!" {
		t.Fatalf("after retry: %s", jsonOf(msgs))
	}
}

// A fast stream is delivered at most once per deltaInterval.
func TestDeltaEventsOfAFastStreamAreBatched(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	tokens := make([]string, 100)
	for i := range tokens {
		tokens[i] = " tick"
	}
	h.fake.Script(fakeopenai.Behavior{Tokens: tokens, TokenDelay: 2 * time.Millisecond})
	start := time.Now()
	res, _ := h.send(id, "go")
	elapsed := time.Since(start)
	_, n := h.ev.deltas(id, res.ReplyID)
	if limit := int(elapsed/deltaInterval) + 2; n > limit || n < 2 {
		t.Fatalf("%d delta events in %v (limit %d)", n, elapsed, limit)
	}
}

// A slow stream (a token every 20 ms, below one a frame) is batched by time
// too, instead of costing one event per token. Sent one a token (the old
// 60-a-second batcher), 40 tokens make about 40 events; batched, about 20
// under -race on a loaded machine, fewer when idle.
func TestDeltaEventsOfASlowStreamAreBatched(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	tokens := make([]string, 40)
	for i := range tokens {
		tokens[i] = " tock"
	}
	h.fake.Script(fakeopenai.Behavior{Tokens: tokens, TokenDelay: 20 * time.Millisecond})
	start := time.Now()
	res, _ := h.send(id, "go")
	elapsed := time.Since(start)
	text, n := h.ev.deltas(id, res.ReplyID)
	if text != strings.Repeat(" tock", 40) {
		t.Fatalf("deltas add up to %q", text)
	}
	if limit := int(elapsed/deltaInterval) + 2; n > limit || n > len(tokens)*3/4 {
		t.Fatalf("%d delta events for %d tokens in %v (limit %d)", n, len(tokens), elapsed, limit)
	}
}
