package chat

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"parley/backend/llm"
	"parley/backend/llm/fakeopenai"
	"parley/backend/userdata"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func TestTheListPreviewIsOneShortLine(t *testing.T) {
	var st roomState
	st.touch(t0, 1, strings.Repeat("긴 문장입니다 ", 40), RoleAssistant)
	p := st.Preview
	if n := len([]rune(p)); n != PreviewLen || !strings.HasSuffix(p, "…") || strings.Contains(p, "\n") {
		t.Fatalf("preview is %d characters: %q", n, p)
	}
	st.touch(t0, 0, "Hello\nthere,   barista!", RoleUser)
	if st.Preview != "Hello there, barista!" || st.PreviewRole != RoleUser {
		t.Fatalf("preview %q by %q", st.Preview, st.PreviewRole)
	}

	// A reply that has not written anything yet keeps the preview it follows.
	st.touch(t0, 1, "", RoleAssistant)
	if st.Preview != "Hello there, barista!" || st.MessageCount != 2 {
		t.Fatalf("an empty reply changed the preview: %+v", st)
	}
	// Removing the last messages clears the preview; the count never goes negative.
	st.touch(t0, -5, "", "")
	if st.MessageCount != 0 || st.Preview != "" || st.PreviewRole != "" {
		t.Fatalf("after clearing: %+v", st)
	}
}

// An older timestamp (a late report) never moves a room back in the list.
func TestLastActivityOnlyMovesForward(t *testing.T) {
	var st roomState
	st.touch(t0.Add(time.Hour), 1, "Hi", RoleUser)
	st.touch(t0, 1, "Reply", RoleAssistant)
	if !st.LastActivityAt.Equal(t0.Add(time.Hour)) || st.MessageCount != 2 || st.Preview != "Reply" {
		t.Fatalf("after a late touch: %+v", st)
	}
}

func TestTheListSeesEachConversationAndAPurgedRoomLeavesNothing(t *testing.T) {
	h := newHarness(t)
	a, quiet := h.newRoom(cafe), h.newRoom(cafe)
	h.fake.Script(fakeopenai.Behavior{Reply: "Hello there!"})
	before := time.Now().Add(-time.Second)
	h.send(a, "Hi")
	all, err := h.chat.Activities(h.scope)
	if err != nil {
		t.Fatal(err)
	}
	got := all[a]
	if len(all) != 1 || got.MessageCount != 2 || got.Preview != "Hello there!" || got.PreviewRole != RoleAssistant ||
		got.LastActivityAt.Before(before) {
		t.Fatalf("activities %+v", all)
	}
	if _, ok := all[quiet]; ok {
		t.Fatal("a room with no conversation has activity")
	}
	if err := h.rooms.Delete(h.scope, []string{a}); err != nil {
		t.Fatal(err)
	}
	if err := h.rooms.EmptyTrash(h.scope); err != nil {
		t.Fatal(err)
	}
	if all, _ := h.chat.Activities(h.scope); len(all) != 0 {
		t.Fatalf("a purged room's record stayed: %+v", all)
	}
}

// Usage from a model without a known price makes the room's cost unknown,
// never $0 or the priced part alone shown as the whole.
func TestACostIsKnownOnlyWhileEveryModelHasAPrice(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.fake.Script(
		fakeopenai.Behavior{Reply: "One.", Usage: &fakeopenai.Usage{PromptTokens: 1000, CompletionTokens: 10}},
		fakeopenai.Behavior{Reply: "Two.", Usage: &fakeopenai.Usage{PromptTokens: 2000, CompletionTokens: 20}},
	)
	h.send(id, "a")
	u, err := h.chat.RoomUsage(h.scope, id)
	priced := (1000*0.15 + 10*0.60) / 1e6
	if err != nil || !u.CostKnown || u.EstimatedCostUSD < priced*0.999 || u.EstimatedCostUSD > priced*1.001 {
		t.Fatalf("after a priced reply: %+v, %v", u, err)
	}
	h.cfg.set(func(c *llm.Config) { c.Model = "llama3.2" })
	h.send(id, "b")
	u, err = h.chat.RoomUsage(h.scope, id)
	if err != nil || u.CostKnown || u.PromptTokens != 3000 || u.EstimatedCostUSD < priced*0.999 || u.EstimatedCostUSD > priced*1.001 {
		t.Fatalf("after an unpriced reply: %+v, %v", u, err)
	}
	if u, _ := h.chat.RoomUsage(h.scope, h.newRoom(cafe)); !u.CostKnown || u.EstimatedCostUSD != 0 {
		t.Fatalf("a room that spent nothing: %+v", u)
	}
}

// Usage written by replies and suggestions at once is never lost.
func TestConcurrentUsageIsNeverLost(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	usage := fakeopenai.Behavior{Reply: "Try: hello.", Usage: &fakeopenai.Usage{PromptTokens: 100, CompletionTokens: 1}}
	for range 20 {
		h.fake.Script(usage)
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if _, err := h.chat.SuggestReply(context.Background(), h.scope, id); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if u, err := h.chat.RoomUsage(h.scope, id); err != nil || u.PromptTokens != 2000 || u.CompletionTokens != 20 {
		t.Fatalf("usage %+v, %v; want 20 suggestions' worth", u, err)
	}
}

// A reply cut at the size cap is kept, done, and says it was cut off.
func TestAReplyCutAtTheSizeCapIsMarkedCutOff(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.cfg.set(func(c *llm.Config) { c.MaxReplyBytes = 32 })
	h.fake.Script(fakeopenai.Behavior{Reply: strings.Repeat("Coffee is ready. ", 10)}, fakeopenai.Behavior{Reply: "Short."})
	_, ev := h.send(id, "Tell me everything")
	done, ok := ev.payload.(DoneEvent)
	saved := h.messages(id)[1]
	if !ok || !done.Reply.CutOff || !saved.CutOff || saved.Status != StatusDone || len(saved.Text) != 32 ||
		!strings.HasPrefix(saved.Text, "Coffee is ready.") {
		t.Fatalf("event %s, saved %s", jsonOf(ev.payload), jsonOf(saved))
	}
	if !strings.Contains(jsonOf(saved), `"cutOff":true`) {
		t.Fatalf("the UI does not see the mark: %s", jsonOf(saved))
	}

	// Each version of a regenerated reply keeps its own mark.
	mark := len(h.ev.all())
	again, err := h.chat.RegenerateReply(h.scope, id)
	if err != nil {
		t.Fatal(err)
	}
	if d := waitDone(t, h, id, again.ReplyID, mark); d.Reply.CutOff || d.Reply.Text != "Short." {
		t.Fatalf("the regenerated reply: %s", jsonOf(d.Reply))
	}
	if m, err := h.chat.SelectAlternative(h.scope, id, saved.ID, 0); err != nil || !m.CutOff {
		t.Fatalf("back to the cut version: %s, %v", jsonOf(m), err)
	}
	if m, err := h.chat.SelectAlternative(h.scope, id, saved.ID, 1); err != nil || m.CutOff {
		t.Fatalf("back to the whole version: %s, %v", jsonOf(m), err)
	}
	h.fake.Script(fakeopenai.Behavior{Reply: "Short."})
	_, ev = h.send(id, "Thanks")
	if d := ev.payload.(DoneEvent); d.Reply.CutOff || strings.Contains(jsonOf(d.Reply), "cutOff") {
		t.Fatalf("a whole reply is marked cut off: %s", jsonOf(d.Reply))
	}
}

// putLegacyRoom writes a conversation the way Parley stored it before chat
// kept its own record: messages from key 1 and the usage totals at key 0 of
// msgs/<roomID>, and no chatrooms record.
func putLegacyRoom(t *testing.T, scope *userdata.Scope, roomID string, totals map[string]any, lines ...Message) {
	t.Helper()
	err := scope.Update(func(tx *userdata.Tx) error {
		b, err := tx.CreateBucket("msgs", roomID)
		if err != nil {
			return err
		}
		for _, m := range lines {
			if m.ID, err = b.NextSequence(); err != nil {
				return err
			}
			if err := b.Put(userdata.U64Key(m.ID), m); err != nil {
				return err
			}
		}
		if totals == nil {
			return nil
		}
		return b.Put(userdata.U64Key(0), totals)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAConversationStoredTheOldWayIsMigratedOnce(t *testing.T) {
	h := newHarness(t)
	old, local := h.newRoom(cafe), h.newRoom(cafe)
	putLegacyRoom(t, h.scope, old, map[string]any{"promptTokens": 1200, "completionTokens": 30, "costUsd": 0.0002},
		Message{Role: RoleUser, Text: "Hello", Status: StatusDone, CreatedAt: t0},
		Message{Role: RoleAssistant, Text: "Hi!\nWhat would you like?", Status: StatusDone, CreatedAt: t0.Add(time.Minute)},
		Message{Role: RoleUser, Text: "A tea", Status: StatusDone, CreatedAt: t0.Add(2 * time.Minute)},
		Message{Role: RoleAssistant, Status: StatusError, ErrorCode: "llm.rate_limited", CreatedAt: t0.Add(3 * time.Minute)},
	)
	putLegacyRoom(t, h.scope, local, map[string]any{"promptTokens": 500, "completionTokens": 5, "costUsd": 0},
		Message{Role: RoleAssistant, Text: "Welcome!", Status: StatusDone, Opening: true, CreatedAt: t0})

	for range 2 { // the second run, at the next log-in, changes nothing
		if err := h.chat.MigrateLegacy(h.scope); err != nil {
			t.Fatal(err)
		}
		all, err := h.chat.Activities(h.scope)
		if err != nil {
			t.Fatal(err)
		}
		if a := all[old]; a.MessageCount != 4 || a.Preview != "A tea" || a.PreviewRole != RoleUser ||
			!a.LastActivityAt.Equal(t0.Add(3*time.Minute)) {
			t.Fatalf("migrated activity %+v", a)
		}
		u, err := h.chat.RoomUsage(h.scope, old)
		if err != nil || u.PromptTokens != 1200 || u.CompletionTokens != 30 || u.EstimatedCostUSD != 0.0002 || !u.CostKnown {
			t.Fatalf("migrated usage %+v, %v", u, err)
		}
		if u, _ := h.chat.RoomUsage(h.scope, local); u.PromptTokens != 500 || u.CostKnown {
			t.Fatalf("tokens that cost nothing came from an unpriced model: %+v", u)
		}
	}
	if msgs := h.messages(old); len(msgs) != 4 || msgs[0].ID != 1 || msgs[0].Text != "Hello" {
		t.Fatalf("history after migration: %s", jsonOf(msgs))
	}
	h.scope.View(func(tx *userdata.Tx) error {
		if b, _ := tx.Bucket(messagesBucket(old)...); b == nil || len(mustRaw(b, 0)) != 0 {
			t.Error("the old totals are still at key 0")
		}
		return nil
	})

	// The conversation goes on under the version it started with.
	h.fake.Script(fakeopenai.Behavior{Reply: "Here is your tea."})
	mark := len(h.ev.all())
	res, err := h.chat.RetryReply(h.scope, old)
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, h, old, res.ReplyID, mark)
	if got := h.lastChat().Messages[0].Content; got != SystemPrompt(legacyPromptVersion, sceneOf(mustRoom(h, old))) {
		t.Fatalf("a migrated room got %.40q", got)
	}
	if a := h.activity(old); a.MessageCount != 4 || a.Preview != "Here is your tea." {
		t.Fatalf("after the retry the list shows %+v", a)
	}
}

// mustRaw says whether key n holds a value, without unsealing it.
func mustRaw(b *userdata.Bucket, n uint64) []byte {
	var found []byte
	_ = b.ReverseFrom(userdata.U64Key(n+1), func(k []byte, _ userdata.Unsealer) (bool, error) {
		if userdata.KeyU64(k) == n {
			found = k
		}
		return true, nil
	})
	return found
}
