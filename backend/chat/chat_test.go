package chat

import (
	"strings"
	"testing"

	"parley/backend/apperr"
	"parley/backend/llm"
	"parley/backend/llm/fakeopenai"
	"parley/backend/room"
	"parley/backend/userdata"
	"parley/backend/vault"
)

func TestTheWholeConversationIsSentWithThePinnedPromptModelAndKey(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.fake.Script(
		fakeopenai.Behavior{Reply: "Hi! What can I get you?"},
		fakeopenai.Behavior{Reply: "Sure. Small or large?"},
		fakeopenai.Behavior{Reply: "That's three pounds."},
	)
	h.send(id, "Hello!")
	h.send(id, "A flat white, please.")
	res, ev := h.send(id, "Large, please.")

	req := h.lastChat()
	if req.Model != "gpt-4o-mini" || req.Authorization != "Bearer "+testKey || !req.Stream ||
		req.StreamOptions == nil || !req.StreamOptions.IncludeUsage {
		t.Fatalf("request model %q auth %q stream %v", req.Model, req.Authorization, req.Stream)
	}
	want := []fakeopenai.Message{
		{Role: "system", Content: SystemPrompt(PromptVersion, sceneOf(mustRoom(h, id)))},
		{Role: "user", Content: "Hello!"},
		{Role: "assistant", Content: "Hi! What can I get you?"},
		{Role: "user", Content: "A flat white, please."},
		{Role: "assistant", Content: "Sure. Small or large?"},
		{Role: "user", Content: "Large, please."},
	}
	if jsonOf(req.Messages) != jsonOf(want) {
		t.Fatalf("sent %s\nwant %s", jsonOf(req.Messages), jsonOf(want))
	}

	msgs := h.messages(id)
	if len(msgs) != 6 {
		t.Fatalf("saved %d messages, want 6", len(msgs))
	}
	last := msgs[5]
	if last.ID != res.ReplyID || last.Text != "That's three pounds." || last.Status != StatusDone ||
		last.Usage == nil || last.Usage.CompletionTokens == 0 || last.Usage.PromptTokens == 0 {
		t.Fatalf("saved reply %+v", last)
	}
	if msgs[4].ID != res.MessageID || msgs[4].Text != "Large, please." || msgs[4].Role != RoleUser {
		t.Fatalf("saved learner message %+v", msgs[4])
	}
	done, ok := ev.payload.(DoneEvent)
	if !ok || done.RoomID != id || jsonOf(done.Reply) != jsonOf(last) {
		t.Fatalf("chat:done carried %+v, saved %+v", ev.payload, last)
	}
}

func mustRoom(h *harness, id string) room.Room {
	h.t.Helper()
	r, err := h.rooms.Get(h.scope, id)
	if err != nil {
		h.t.Fatal(err)
	}
	return r
}

func TestTheAIOpensTheSceneWithoutAFakeLearnerMessage(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.fake.Script(fakeopenai.Behavior{Reply: "Morning! What would you like?"}, fakeopenai.Behavior{Reply: "Coming up."})
	res, err := h.chat.OpenScene(h.scope, id)
	if err != nil {
		t.Fatal(err)
	}
	if res.MessageID != 0 {
		t.Fatalf("opening has a learner message id %d", res.MessageID)
	}
	h.ev.final(t, id, res.ReplyID)
	scene := sceneOf(mustRoom(h, id))
	if got := roles(h.lastChat().Messages); strings.Join(got, ",") != "system,user" ||
		h.lastChat().Messages[1].Content != OpeningPrompt(PromptVersion, scene) {
		t.Fatalf("opening request %s", jsonOf(h.lastChat().Messages))
	}
	msgs := h.messages(id)
	if len(msgs) != 1 || msgs[0].Role != RoleAssistant || !msgs[0].Opening || msgs[0].Text != "Morning! What would you like?" {
		t.Fatalf("saved %s", jsonOf(msgs))
	}
	if _, err := h.chat.OpenScene(h.scope, id); apperr.CodeOf(err) != apperr.InputInvalid {
		t.Fatalf("opening a started scene again: %v", err)
	}

	h.send(id, "A tea, please.")
	if got := roles(h.lastChat().Messages); strings.Join(got, ",") != "system,user,assistant,user" {
		t.Fatalf("after the opening the model got %v", got)
	}
}

func TestASecondSendWhileAReplyStreamsIsRefused(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.fake.Script(fakeopenai.Behavior{Reply: "Just a moment please", Fail: fakeopenai.FailStall, AfterTokens: 1})
	res, err := h.chat.SendMessage(h.scope, id, "Hello")
	if err != nil {
		t.Fatal(err)
	}
	waitDeltas(t, h, id, res.ReplyID, "Just")
	for name, call := range map[string]func() error{
		"send":       func() error { _, err := h.chat.SendMessage(h.scope, id, "Hello again"); return err },
		"retry":      func() error { _, err := h.chat.RetryReply(h.scope, id); return err },
		"regenerate": func() error { _, err := h.chat.RegenerateReply(h.scope, id); return err },
		"edit":       func() error { _, err := h.chat.EditLastMessage(h.scope, id, "x"); return err },
	} {
		if err := call(); apperr.CodeOf(err) != apperr.RoomBusy {
			t.Errorf("%s while streaming: %v, want room.busy", name, err)
		}
	}
	if n := len(h.messages(id)); n != 2 {
		t.Fatalf("refused sends changed the history: %d messages", n)
	}
	h.fake.Release()
	waitDone(t, h, id, res.ReplyID, 0)
	if h.messages(id)[1].Text != "Just a moment please" {
		t.Fatal("the reply did not finish after release")
	}
}

func TestRepliesInTwoRoomsStreamAtOnce(t *testing.T) {
	h := newHarness(t)
	a, b := h.newRoom(cafe), h.newRoom(cafe)
	h.fake.Script(
		fakeopenai.Behavior{Reply: "Room one reply", Fail: fakeopenai.FailStall, AfterTokens: 1},
		fakeopenai.Behavior{Reply: "Room two reply", Fail: fakeopenai.FailStall, AfterTokens: 1},
	)
	ra, err := h.chat.SendMessage(h.scope, a, "one")
	if err != nil {
		t.Fatal(err)
	}
	rb, err := h.chat.SendMessage(h.scope, b, "two")
	if err != nil {
		t.Fatal(err)
	}
	waitDeltas(t, h, a, ra.ReplyID, "Room")
	waitDeltas(t, h, b, rb.ReplyID, "Room")
	if !h.chat.Streaming(h.scope.UserID(), a) || !h.chat.Streaming(h.scope.UserID(), b) {
		t.Fatal("both rooms should be streaming at once")
	}
	h.fake.Release()
	waitDone(t, h, a, ra.ReplyID, 0)
	waitDone(t, h, b, rb.ReplyID, 0)
	ta, tb := h.messages(a)[1].Text, h.messages(b)[1].Text
	if !strings.HasPrefix(ta, "Room") || !strings.HasPrefix(tb, "Room") || ta == tb {
		t.Fatalf("replies %q and %q", ta, tb)
	}
}

func TestAnotherUserCannotReachMyRoom(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.send(id, "Hello")
	key, _ := vault.NewKey()
	other := userdata.New(h.db, "user-2", key)
	if _, err := h.chat.ListMessages(other, id, 0, 10); apperr.CodeOf(err) != apperr.RoomNotFound {
		t.Fatalf("list as another user: %v", err)
	}
	if _, err := h.chat.SendMessage(other, id, "hi"); apperr.CodeOf(err) != apperr.RoomNotFound {
		t.Fatalf("send as another user: %v", err)
	}
	if _, err := h.chat.RoomUsage(other, id); apperr.CodeOf(err) != apperr.RoomNotFound {
		t.Fatalf("usage as another user: %v", err)
	}
}

func TestLearnerTextIsCheckedBeforeAnythingIsSaved(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	for text, code := range map[string]string{
		"   ":                                apperr.InputRequired,
		strings.Repeat("a", MaxMessageLen+1): apperr.InputTooLong,
		"\xff\xfe":                           apperr.InputInvalid,
		"\u200b\u200c\u200d\ufeff":           apperr.InputRequired, // zero-width only
		"\u3164 \u2800\u115f":                apperr.InputRequired, // Hangul fillers, blank Braille
		"pay \u202Eexe.txt":                  apperr.InputInvalid,  // a bidi override, as in a room title
		"a\u2066b\u2069":                     apperr.InputInvalid,  // bidi isolates
		"bell\x07":                           apperr.InputInvalid,
	} {
		if _, err := h.chat.SendMessage(h.scope, id, text); apperr.CodeOf(err) != code {
			t.Errorf("sending %.10q: %v, want %s", text, err, code)
		}
	}
	if len(h.messages(id)) != 0 {
		t.Fatal("a rejected message was saved")
	}
}

// A room keeps the prompts it started with after the wording changes.
func TestARoomKeepsThePromptVersionItStartedWith(t *testing.T) {
	const later = 9999
	promptVersions[later] = promptSet{
		system:        func(Scene) string { return "v-later system" },
		opening:       func(Scene) string { return "v-later opening" },
		suggestSystem: suggestSystemV1,
		suggestAsk:    suggestAskV1,
	}
	t.Cleanup(func() { delete(promptVersions, later) })

	h := newHarness(t)
	old := h.newRoom(cafe)
	h.send(old, "hi") // started under PromptVersion
	// The same data file, opened by a later Parley.
	h.chat.CancelAll()
	h.chat = NewService(Options{Rooms: h.rooms, Config: h.cfg, Emitter: h.ev, PromptVersion: later})
	t.Cleanup(h.chat.CancelAll)
	r := h.newRoom(cafe)
	h.send(old, "hi again")
	if got := h.lastChat().Messages[0].Content; got != SystemPrompt(PromptVersion, sceneOf(mustRoom(h, old))) {
		t.Fatalf("old room got %.40q", got)
	}
	h.send(r, "hi")
	if got := h.lastChat().Messages[0].Content; got != "v-later system" {
		t.Fatalf("newer room got %.40q", got)
	}
}

// Deleting a room while its reply streams keeps the reply with the room in
// the trash; emptying the trash meanwhile leaves nothing behind.
func TestDeletingARoomWhileItsReplyStreams(t *testing.T) {
	h := newHarness(t)
	trashed, purged := h.newRoom(cafe), h.newRoom(cafe)
	h.fake.Script(
		fakeopenai.Behavior{Reply: "Still here", Fail: fakeopenai.FailStall, AfterTokens: 1},
		fakeopenai.Behavior{Reply: "Still here", Fail: fakeopenai.FailStall, AfterTokens: 1},
	)
	rt, _ := h.chat.SendMessage(h.scope, trashed, "one")
	rp, _ := h.chat.SendMessage(h.scope, purged, "two")
	waitDeltas(t, h, trashed, rt.ReplyID, "Still")
	waitDeltas(t, h, purged, rp.ReplyID, "Still")
	if err := h.rooms.Delete(h.scope, []string{purged}); err != nil {
		t.Fatal(err)
	}
	if err := h.rooms.EmptyTrash(h.scope); err != nil {
		t.Fatal(err)
	}
	if err := h.rooms.Delete(h.scope, []string{trashed}); err != nil {
		t.Fatal(err)
	}
	h.fake.Release()
	if _, ok := h.ev.final(t, trashed, rt.ReplyID).payload.(DoneEvent); !ok {
		t.Fatal("the reply in the trashed room was not finished")
	}
	if e, ok := h.ev.final(t, purged, rp.ReplyID).payload.(ErrorEvent); !ok || e.Code != apperr.RoomNotFound {
		t.Fatalf("purged room: %+v", h.ev.final(t, purged, rp.ReplyID))
	}
	if err := h.rooms.Restore(h.scope, []string{trashed}); err != nil {
		t.Fatal(err)
	}
	if msgs := h.messages(trashed); len(msgs) != 2 || msgs[1].Text != "Still here" || msgs[1].Status != StatusDone {
		t.Fatalf("restored room holds %s", jsonOf(msgs))
	}
	h.scope.View(func(tx *userdata.Tx) error {
		if b, _ := tx.Bucket(messagesBucket(purged)...); b != nil {
			t.Error("a purged room's messages came back")
		}
		return nil
	})
}

// Local servers (Ollama, LM Studio) need no key.
func TestALocalServerWorksWithoutAKey(t *testing.T) {
	h := newHarness(t)
	h.fake.RequireKey("")
	h.cfg.set(func(c *llm.Config) { c.APIKey, c.Model = "", "llama3.2" })
	id := h.newRoom(cafe)
	_, ev := h.send(id, "Hello")
	if _, ok := ev.payload.(DoneEvent); !ok {
		t.Fatalf("got %+v", ev.payload)
	}
	if req := h.lastChat(); req.Model != "llama3.2" || strings.HasPrefix(req.Authorization, "Bearer sk") {
		t.Fatalf("model %q authorization %q", req.Model, req.Authorization)
	}
}

// A line far past the limit is refused by size before it is normalised or
// scanned: the invalid byte in it is never reached.
func TestAnOversizedLineIsRefusedBeforeItIsNormalised(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	_, err := h.chat.SendMessage(h.scope, id, strings.Repeat("a", 1<<20)+"\xff")
	if apperr.CodeOf(err) != apperr.InputTooLong {
		t.Fatalf("got %v, want input.too_long", err)
	}
	if n := len(h.messages(id)); n != 0 {
		t.Fatalf("%d messages stored", n)
	}
}
