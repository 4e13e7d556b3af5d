package chat

// Stop, retry, regenerate and edit: what the learner can do to a reply.

import (
	"strings"
	"testing"

	"parley/backend/apperr"
	"parley/backend/llm/fakeopenai"
	"parley/backend/userdata/userdatatest"
)

func TestAStoppedReplyKeepsItsPartialText(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.fake.Script(fakeopenai.Behavior{Tokens: []string{"Well,", " let", " me", " think"}, Fail: fakeopenai.FailStall, AfterTokens: 3})
	res, err := h.chat.SendMessage(h.scope, id, "What do you recommend?")
	if err != nil {
		t.Fatal(err)
	}
	waitDeltas(t, h, id, res.ReplyID, "Well, let me")
	if !h.chat.Streaming(h.scope.UserID(), id) {
		t.Fatal("room not marked streaming")
	}
	if err := h.chat.StopReply(h.scope, id); err != nil {
		t.Fatal(err)
	}
	if h.chat.Streaming(h.scope.UserID(), id) {
		t.Fatal("room still streaming after stop")
	}
	e := h.ev.final(t, id, res.ReplyID).payload.(ErrorEvent)
	msgs := h.messages(id)
	reply := msgs[len(msgs)-1]
	if reply.Status != StatusStopped || reply.Text != "Well, let me" || e.Code != apperr.LLMCanceled ||
		jsonOf(e.Reply) != jsonOf(reply) {
		t.Fatalf("saved %+v, event %+v", reply, e)
	}
	if msgs[0].Text != "What do you recommend?" {
		t.Fatal("the learner's message was lost")
	}
}

func TestRetryAfterAnErrorDoesNotDuplicateTheLearnersMessage(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.fake.Script(fakeopenai.Behavior{Fail: fakeopenai.FailUnauthorized}, fakeopenai.Behavior{Reply: "Hello there!"})
	res, ev := h.send(id, "Hi!")
	if e := ev.payload.(ErrorEvent); e.Code != apperr.LLMUnauthorized || e.Reply.Status != StatusError {
		t.Fatalf("error event %+v", e)
	}
	msgs := h.messages(id)
	if len(msgs) != 2 || msgs[0].Text != "Hi!" || msgs[1].Status != StatusError || msgs[1].ErrorCode != apperr.LLMUnauthorized {
		t.Fatalf("after the 401: %s", jsonOf(msgs))
	}

	mark := len(h.ev.all())
	again, err := h.chat.RetryReply(h.scope, id)
	if err != nil {
		t.Fatal(err)
	}
	if again.ReplyID != res.ReplyID || again.MessageID != res.MessageID {
		t.Fatalf("retry made reply %d for message %d, want %d for %d", again.ReplyID, again.MessageID, res.ReplyID, res.MessageID)
	}
	waitDone(t, h, id, again.ReplyID, mark)
	msgs = h.messages(id)
	if len(msgs) != 2 || msgs[1].Text != "Hello there!" || msgs[1].Status != StatusDone || msgs[1].ErrorCode != "" {
		t.Fatalf("after retry: %s", jsonOf(msgs))
	}
	if got := h.lastChat().Messages; len(got) != 2 || got[1].Content != "Hi!" {
		t.Fatalf("retry sent %s", jsonOf(got))
	}
	if _, err := h.chat.RetryReply(h.scope, id); apperr.CodeOf(err) != apperr.ChatNothingToRetry {
		t.Fatalf("retrying a finished reply: %v", err)
	}
}

func TestRegenerateKeepsTheOldReplyAsAnAlternative(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.fake.Script(fakeopenai.Behavior{Reply: "First answer."}, fakeopenai.Behavior{Reply: "Second answer."})
	res, _ := h.send(id, "Hello")
	mark := len(h.ev.all())
	again, err := h.chat.RegenerateReply(h.scope, id)
	if err != nil {
		t.Fatal(err)
	}
	if again.ReplyID != res.ReplyID {
		t.Fatal("regenerate made a new message instead of a new version")
	}
	waitDone(t, h, id, again.ReplyID, mark)
	if got := h.lastChat().Messages; len(got) != 2 || got[1].Role != "user" {
		t.Fatalf("regenerate sent the old reply back: %s", jsonOf(got))
	}
	msgs := h.messages(id)
	r := msgs[1]
	if len(msgs) != 2 || r.Text != "Second answer." || r.ActiveAlt != 1 ||
		strings.Join(r.Alternatives, "|") != "First answer.|Second answer." {
		t.Fatalf("after regenerate: %s", jsonOf(msgs))
	}
	back, err := h.chat.SelectAlternative(h.scope, id, r.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if back.Text != "First answer." || back.ActiveAlt != 0 || h.messages(id)[1].Text != "First answer." {
		t.Fatalf("flipping back: %+v", back)
	}
	if _, err := h.chat.SelectAlternative(h.scope, id, r.ID, 5); apperr.CodeOf(err) != apperr.InputInvalid {
		t.Fatalf("selecting a missing alternative: %v", err)
	}
	// The flipped-to version is what the model sees next.
	h.fake.Script(fakeopenai.Behavior{Reply: "ok"})
	h.send(id, "Thanks")
	if got := h.lastChat().Messages; got[2].Content != "First answer." {
		t.Fatalf("context used %q, want the selected alternative", got[2].Content)
	}
}

func TestEditingTheLastMessageReplacesItAndItsReply(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.fake.Script(fakeopenai.Behavior{Reply: "Pardon?"}, fakeopenai.Behavior{Reply: "One flat white, coming up."})
	first, _ := h.send(id, "A flat wite plese")
	res, err := h.chat.EditLastMessage(h.scope, id, "A flat white, please")
	if err != nil {
		t.Fatal(err)
	}
	if res.MessageID != first.MessageID || res.ReplyID == first.ReplyID {
		t.Fatalf("edit result %+v after %+v", res, first)
	}
	waitDone(t, h, id, res.ReplyID, 0)
	msgs := h.messages(id)
	if len(msgs) != 2 || msgs[0].Text != "A flat white, please" || msgs[1].Text != "One flat white, coming up." {
		t.Fatalf("after edit: %s", jsonOf(msgs))
	}
	if got := h.lastChat().Messages; len(got) != 2 || got[1].Content != "A flat white, please" {
		t.Fatalf("edit sent %s", jsonOf(got))
	}
	if a := h.activity(id); a.MessageCount != 2 || a.Preview != "One flat white, coming up." || a.PreviewRole != RoleAssistant {
		t.Fatalf("room list shows %+v", a)
	}
}

func TestAFailedOpeningIsRetriedAsAnOpening(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.fake.Script(fakeopenai.Behavior{Fail: fakeopenai.FailRateLimited}, fakeopenai.Behavior{Reply: "Welcome in!"})
	res, err := h.chat.OpenScene(h.scope, id)
	if err != nil {
		t.Fatal(err)
	}
	if e := h.ev.final(t, id, res.ReplyID).payload.(ErrorEvent); e.Code != apperr.LLMRateLimited {
		t.Fatalf("event %+v", e)
	}
	mark := len(h.ev.all())
	again, err := h.chat.RetryReply(h.scope, id)
	if err != nil || again.ReplyID != res.ReplyID {
		t.Fatalf("retry %+v %v", again, err)
	}
	waitDone(t, h, id, again.ReplyID, mark)
	if got := roles(h.lastChat().Messages); strings.Join(got, ",") != "system,user" {
		t.Fatalf("retried opening sent %v", got)
	}
	if msgs := h.messages(id); len(msgs) != 1 || !msgs[0].Opening || msgs[0].Text != "Welcome in!" {
		t.Fatalf("saved %s", jsonOf(msgs))
	}
}

func TestStoppingWaitsForThePartialToBeSavedAndAnswersOnlyForTheCallersRooms(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	// Another user's scope on the same file cannot stop, or probe, this room.
	other := userdatatest.Scope(t, h.db, "user-2")
	if err := h.chat.StopReply(other, id); apperr.CodeOf(err) != apperr.RoomNotFound {
		t.Fatalf("stopping another user's room: %v, want room.not_found", err)
	}
	if err := h.chat.StopReply(h.scope, "0123456789abcdef"); apperr.CodeOf(err) != apperr.RoomNotFound {
		t.Fatalf("stopping a made-up room: %v, want room.not_found", err)
	}
	if err := h.chat.StopReply(h.scope, id); err != nil {
		t.Fatalf("stopping my idle room: %v", err)
	}
	h.fake.Script(fakeopenai.Behavior{Tokens: []string{"One", " two", " three"}, Fail: fakeopenai.FailStall, AfterTokens: 2})
	res, err := h.chat.SendMessage(h.scope, id, "Count for me")
	if err != nil {
		t.Fatal(err)
	}
	waitDeltas(t, h, id, res.ReplyID, "One two")
	if err := h.chat.StopReply(other, id); apperr.CodeOf(err) != apperr.RoomNotFound {
		t.Fatalf("another user stopped my streaming reply: %v", err)
	}
	if err := h.chat.StopReply(h.scope, id); err != nil {
		t.Fatal(err)
	}
	// No waiting for events: once StopReply returns, the partial is on disk.
	msgs := h.messages(id)
	if r := msgs[len(msgs)-1]; r.Status != StatusStopped || r.Text != "One two" {
		t.Fatalf("after StopReply returned the reply is %+v", r)
	}
}

func TestNoEventOfALoggedOutUserReachesThePage(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.fake.Script(fakeopenai.Behavior{Tokens: []string{"Secret", " plans", " ahead"}, Fail: fakeopenai.FailStall, AfterTokens: 2})
	res, err := h.chat.SendMessage(h.scope, id, "Tell me")
	if err != nil {
		t.Fatal(err)
	}
	waitDeltas(t, h, id, res.ReplyID, "Secret plans")
	mark := len(h.ev.all())
	h.chat.CancelAll() // what log-out does
	if late := h.ev.all()[mark:]; len(late) != 0 {
		t.Fatalf("events after log-out: %s", jsonOf(late))
	}
	// The partial was still saved for when the learner logs in again.
	msgs := h.messages(id)
	if r := msgs[len(msgs)-1]; r.Status != StatusStopped || r.Text != "Secret plans" {
		t.Fatalf("the partial reply was not kept: %+v", r)
	}
}

// Each version of a regenerated reply keeps its own token figures: flipping
// back shows what that version cost, not what the newest one did.
func TestFlippingVersionsShowsEachVersionsOwnUsage(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.fake.Script(
		fakeopenai.Behavior{Reply: "First answer.", Usage: &fakeopenai.Usage{PromptTokens: 100, CompletionTokens: 3}},
		fakeopenai.Behavior{Reply: "Second answer.", Usage: &fakeopenai.Usage{PromptTokens: 200, CompletionTokens: 7}},
	)
	res, _ := h.send(id, "Hello")
	mark := len(h.ev.all())
	if _, err := h.chat.RegenerateReply(h.scope, id); err != nil {
		t.Fatal(err)
	}
	waitDone(t, h, id, res.ReplyID, mark)
	usage := func(m Message) string { return jsonOf(m.Usage) }
	if got := usage(h.messages(id)[1]); got != `{"promptTokens":200,"completionTokens":7}` {
		t.Fatalf("the new version shows %s", got)
	}
	for _, c := range []struct {
		index int
		want  string
	}{{0, `{"promptTokens":100,"completionTokens":3}`}, {1, `{"promptTokens":200,"completionTokens":7}`}} {
		m, err := h.chat.SelectAlternative(h.scope, id, res.ReplyID, c.index)
		if err != nil {
			t.Fatal(err)
		}
		if usage(m) != c.want || usage(h.messages(id)[1]) != c.want {
			t.Fatalf("version %d shows %s (saved %s), want %s", c.index+1, usage(m), usage(h.messages(id)[1]), c.want)
		}
	}
}
