package chat

import (
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"parley/backend/apperr"
	"parley/backend/llm/fakeopenai"
	"parley/backend/store"
	"parley/backend/userdata"
)

// damage flips a byte in the stored value of message id, as a bad disk
// sector or a hand edit of the file would.
func damage(t *testing.T, h *harness, roomID string, id uint64) {
	t.Helper()
	damageAt(t, h, messagesBucket(roomID), userdata.U64Key(id))
}

// damageAt flips a byte in the value at key of the user's bucket at path.
func damageAt(t *testing.T, h *harness, path []string, key []byte) {
	t.Helper()
	err := h.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(store.BucketUserRoots).Bucket([]byte(h.scope.UserID()))
		for _, name := range path {
			b = b.Bucket([]byte(name))
		}
		v := append([]byte(nil), b.Get(key)...)
		v[len(v)/2] ^= 0x40
		return b.Put(key, v)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOneDamagedMessageLeavesTheRestOfTheRoomReadableAndTheChatGoing(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	fillRoom(t, h.scope, id, 4) // Line 1 (user) … Line 4 (assistant)
	damage(t, h, id, 2)

	msgs := h.messages(id)
	if len(msgs) != 4 {
		t.Fatalf("listed %d messages, want 4: %s", len(msgs), jsonOf(msgs))
	}
	bad := msgs[1]
	if bad.ID != 2 || bad.Status != StatusError || bad.ErrorCode != apperr.StoreTampered || bad.Text != "" {
		t.Fatalf("damaged message listed as %s", jsonOf(bad))
	}
	if !strings.HasPrefix(msgs[0].Text, "Line 1:") || !strings.HasPrefix(msgs[3].Text, "Line 4:") {
		t.Fatalf("the intact messages changed: %s", jsonOf(msgs))
	}

	h.fake.Script(fakeopenai.Behavior{Reply: "Here you are."})
	_, ev := h.send(id, "Thank you!")
	if ev.name != EventDone {
		t.Fatalf("reply ended with %s: %s", ev.name, jsonOf(ev.payload))
	}
	var sent []string
	for _, m := range h.lastChat().Messages {
		sent = append(sent, m.Content)
	}
	joined := strings.Join(sent, "\n")
	for _, want := range []string{"Line 1:", "Line 3:", "Line 4:", "Thank you!"} {
		if !strings.Contains(joined, want) {
			t.Fatalf("the model was not sent %q: %q", want, sent)
		}
	}
	if strings.Contains(joined, "Line 2:") {
		t.Fatal("the damaged message's text reached the model")
	}
}

func TestADamagedLastReplyIsNotRewrittenOnAGuess(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	fillRoom(t, h.scope, id, 2)
	damage(t, h, id, 2)
	for name, act := range map[string]func() error{
		"retry":      func() error { _, err := h.chat.RetryReply(h.scope, id); return err },
		"regenerate": func() error { _, err := h.chat.RegenerateReply(h.scope, id); return err },
		"edit":       func() error { _, err := h.chat.EditLastMessage(h.scope, id, "Hello"); return err },
	} {
		if code := apperr.CodeOf(act()); code != apperr.StoreTampered {
			t.Fatalf("%s: code %q, want %q", name, code, apperr.StoreTampered)
		}
	}
	if msgs := h.messages(id); len(msgs) != 2 || msgs[1].ErrorCode != apperr.StoreTampered {
		t.Fatalf("the damaged reply was changed: %s", jsonOf(msgs))
	}
}

func TestDamagedUsageTotalsDoNotStopRepliesFromBeingSaved(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.fake.Script(fakeopenai.Behavior{Reply: "Hello!"})
	if _, ev := h.send(id, "Hi"); ev.name != EventDone {
		t.Fatalf("first reply: %s", jsonOf(ev.payload))
	}
	damageAt(t, h, []string{bucketState}, []byte(id))
	if _, err := h.chat.RoomUsage(h.scope, id); apperr.CodeOf(err) != apperr.StoreTampered {
		t.Fatalf("RoomUsage of damaged totals: %v", err)
	}
	h.fake.Script(fakeopenai.Behavior{Reply: "Still here."})
	_, ev := h.send(id, "Are you there?")
	done, ok := ev.payload.(DoneEvent)
	if !ok || done.Reply.Text != "Still here." || done.Reply.Usage == nil {
		t.Fatalf("second reply: %s %s", ev.name, jsonOf(ev.payload))
	}
	u, err := h.chat.RoomUsage(h.scope, id)
	if err != nil || u.PromptTokens != done.Reply.Usage.PromptTokens || u.CompletionTokens != done.Reply.Usage.CompletionTokens {
		t.Fatalf("totals after the damage = %+v, %v; want the second reply's %+v", u, err, done.Reply.Usage)
	}
}
