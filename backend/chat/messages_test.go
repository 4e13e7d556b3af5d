package chat

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"parley/backend/room"
	"parley/backend/userdata"
	"parley/backend/userdata/userdatatest"
)

// fillRoom stores n alternating messages in a room directly.
func fillRoom(tb testing.TB, scope *userdata.Scope, roomID string, n int) {
	tb.Helper()
	const batch = 1000
	for done := 0; done < n; done += batch {
		err := scope.Update(func(tx *userdata.Tx) error {
			ms, err := openMessages(tx, roomID)
			if err != nil {
				return err
			}
			for i := done; i < min(done+batch, n); i++ {
				role := RoleUser
				if i%2 == 1 {
					role = RoleAssistant
				}
				m := Message{Role: role, Status: StatusDone,
					Text: fmt.Sprintf("Line %d: could I have a flat white and a slice of lemon cake, please?", i+1)}
				if err := ms.add(&m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

func TestHistoryPagesBackwardsFromTheNewest(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	fillRoom(t, h.scope, id, 120)
	p, err := h.chat.ListMessages(h.scope, id, 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Messages) != 50 || !p.HasMore || p.Messages[0].ID != 71 || p.Messages[49].ID != 120 {
		t.Fatalf("first page: %d messages %d..%d more=%v", len(p.Messages), p.Messages[0].ID, p.Messages[len(p.Messages)-1].ID, p.HasMore)
	}
	p, _ = h.chat.ListMessages(h.scope, id, 71, 50)
	if len(p.Messages) != 50 || !p.HasMore || p.Messages[0].ID != 21 || p.Messages[49].ID != 70 {
		t.Fatal("second page is not the 50 before the first")
	}
	p, _ = h.chat.ListMessages(h.scope, id, 21, 50)
	if len(p.Messages) != 20 || p.HasMore || p.Messages[0].ID != 1 {
		t.Fatalf("last page: %d messages more=%v", len(p.Messages), p.HasMore)
	}
	empty := h.newRoom(cafe)
	p, err = h.chat.ListMessages(h.scope, empty, 0, 0)
	if err != nil || len(p.Messages) != 0 || p.HasMore {
		t.Fatalf("empty room: %+v %v", p, err)
	}
}

// benchRoom opens a database with one room of n messages.
func benchRoom(b *testing.B, n int) (*Service, *userdata.Scope, string) {
	b.Helper()
	db, _ := userdatatest.OpenDB(b)
	scope := userdatatest.Scope(b, db, "bench")
	rooms := room.NewService(room.Options{})
	r, err := rooms.Create(scope, cafe)
	if err != nil {
		b.Fatal(err)
	}
	fillRoom(b, scope, r.ID, n)
	return NewService(Options{Rooms: rooms}), scope, r.ID
}

// The cost of a page must not grow with the room: only the page is read.
func BenchmarkListMessages(b *testing.B) {
	for _, n := range []int{100, 10_000} {
		b.Run(fmt.Sprintf("room=%d", n), func(b *testing.B) {
			s, scope, id := benchRoom(b, n)
			b.ResetTimer()
			for b.Loop() {
				p, err := s.ListMessages(scope, id, 0, 50)
				if err != nil || len(p.Messages) != 50 {
					b.Fatal(err)
				}
			}
		})
	}
}

// Building the context reads newest first and stops when the budget is
// full, so a 10,000-message room costs what a 100-message room does.
func BenchmarkBuildContext(b *testing.B) {
	for _, n := range []int{100, 10_000} {
		b.Run(fmt.Sprintf("room=%d", n), func(b *testing.B) {
			s, scope, id := benchRoom(b, n)
			var rm room.Room
			scope.View(func(tx *userdata.Tx) error { rm, _ = s.rooms.GetTx(tx, id); return nil })
			j := &job{roomID: id, scene: sceneOf(rm), version: PromptVersion, reply: Message{ID: uint64(n) + 1}}
			// The default model's budget (16k tokens) holds about 700 of
			// these lines: all of the small room, a slice of the large one.
			// A 1,500-token budget (a small local model) fits in both.
			budget := 1500
			// Load the tokenizer first: that happens once per app run.
			if _, _, err := s.replyRequest(scope, j, "gpt-4o-mini", budget); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				msgs, est, err := s.replyRequest(scope, j, "gpt-4o-mini", budget)
				if err != nil || est > budget || len(msgs) < 10 {
					b.Fatal(err, est, len(msgs))
				}
			}
		})
	}
}

// storedPerMessage appends n messages of about the size of a real reply
// (~520 sealed bytes), one transaction each as the app does, and returns the
// file bytes the room's messages occupy per message.
func storedPerMessage(tb testing.TB, scope *userdata.Scope, roomID string, n int) float64 {
	tb.Helper()
	text := strings.Repeat("Of course! One flat white and a slice of lemon cake. ", 7)
	for i := 0; i < n; i++ {
		err := scope.Update(func(tx *userdata.Tx) error {
			ms, err := openMessages(tx, roomID)
			if err != nil {
				return err
			}
			m := Message{Role: RoleAssistant, Status: StatusDone, Text: text, CreatedAt: time.Now().UTC(),
				Usage: &Usage{PromptTokens: 812, CompletionTokens: 96}}
			return ms.add(&m)
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	var bytes, values int
	err := scope.View(func(tx *userdata.Tx) error {
		b, err := tx.Bucket(messagesBucket(roomID)...)
		if err != nil {
			return err
		}
		bytes, values = b.Footprint()
		return nil
	})
	if err != nil || values != n {
		tb.Fatalf("footprint: %d values, %v", values, err)
	}
	return float64(bytes) / float64(n)
}

// A year of practice must not cost much more than its size on disk:
// messages are only ever appended, so their pages are not split half full
// (bbolt's default leaves ~1,380 bytes per ~590-byte message, ~1,030 in a
// file made with 4 KiB pages before store.PageSize).
func TestMessagesFillTheirPages(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	per := storedPerMessage(t, h.scope, id, 600)
	t.Logf("%.0f bytes per message", per)
	if per > 800 {
		t.Fatalf("a message takes %.0f bytes of the file, want at most 800", per)
	}
}
