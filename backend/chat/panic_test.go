package chat

import (
	"bytes"
	"log"
	"os"
	"strings"
	"testing"

	"parley/backend/apperr"
	"parley/backend/llm"
	"parley/backend/userdata"
)

// panickyConfig fails the way a bug would: by panicking mid-reply.
type panickyConfig struct{}

func (panickyConfig) ProviderConfig(*userdata.Scope) (llm.Config, error) { panic("boom") }

func TestABugWhileReplyingFailsThatReplyNotTheApp(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	good := h.chat.config
	h.chat.config = panickyConfig{}
	res, ev := h.send(id, "Hello!")
	e, ok := ev.payload.(ErrorEvent)
	if !ok || e.Code != apperr.Internal || e.ReplyID != res.ReplyID {
		t.Fatalf("want a chat:error with code internal, got %#v", ev.payload)
	}
	msgs := h.messages(id)
	if len(msgs) != 2 || msgs[0].Text != "Hello!" || msgs[1].Status != StatusError {
		t.Fatalf("the learner's line must be kept and the reply saved as failed: %+v", msgs)
	}
	// The room is free again: the learner can retry once the bug is gone.
	h.chat.config = good
	if _, err := h.chat.RetryReply(h.scope, id); err != nil {
		t.Fatalf("retry after the failure: %v", err)
	}
}

func TestABugWhileReplyingIsLoggedWithWhereItHappened(t *testing.T) {
	var logged bytes.Buffer
	log.SetOutput(&logged)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.chat.config = panickyConfig{}
	h.send(id, "Hello!")
	out := logged.String()
	// The frame that panicked is named; the panic's value (which could hold
	// a learner's text) is not.
	if !strings.Contains(out, "panicked") || !strings.Contains(out, "panickyConfig.ProviderConfig") {
		t.Fatalf("the panic was not logged with its place:\n%s", out)
	}
	if strings.Contains(out, "boom") {
		t.Fatalf("the panic's value reached the log:\n%s", out)
	}
}
