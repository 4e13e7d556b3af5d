package chat

import (
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/llm/fakeopenai"
)

func TestAReplyCutByAKillKeepsWhatTheLearnerHadReadMarkedDroppedWithRetry(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.fake.Script(fakeopenai.Behavior{Tokens: []string{"One flat white,", " coming", " right up"}, Fail: fakeopenai.FailStall, AfterTokens: 2})
	res, err := h.chat.SendMessage(h.scope, id, "A flat white, please.")
	if err != nil {
		t.Fatal(err)
	}
	defer h.fake.Release()
	waitDeltas(t, h, id, res.ReplyID, "One flat white, coming")

	// The reply is still streaming: nothing final was written. A Parley
	// started now on the same file (as after a SIGKILL) must find the text.
	deadline := time.Now().Add(5 * partialInterval)
	var got Message
	for {
		after := NewService(Options{Rooms: h.rooms, Config: h.cfg, Emitter: newRecorder()})
		p, err := after.ListMessages(h.scope, id, 0, maxPageSize)
		if err != nil {
			t.Fatal(err)
		}
		got = p.Messages[len(p.Messages)-1]
		if got.Text != "" || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got.ID != res.ReplyID || got.Text != "One flat white, coming" {
		t.Fatalf("after the kill the reply reads %s, want the streamed text", jsonOf(got))
	}
	if got.Status != StatusError || got.ErrorCode != apperr.LLMDropped {
		t.Fatalf("after the kill the reply is %s/%s, want error/%s (Retry)", got.Status, got.ErrorCode, apperr.LLMDropped)
	}
}

func TestTheFinalStateIsNeverOverwrittenByALatePartialSave(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.fake.Script(fakeopenai.Behavior{Tokens: []string{"Here", " you", " are."}, TokenDelay: partialInterval / 2})
	res, ev := h.send(id, "Thanks!")
	if ev.name != EventDone {
		t.Fatalf("reply ended with %s", ev.name)
	}
	time.Sleep(partialInterval + 200*time.Millisecond)
	msgs := h.messages(id)
	last := msgs[len(msgs)-1]
	if last.ID != res.ReplyID || last.Status != StatusDone || last.Text != "Here you are." {
		t.Fatalf("saved reply = %s", jsonOf(last))
	}
}
