package core

import (
	"path/filepath"
	"testing"
	"time"

	"parley/backend/account"
	"parley/backend/userdata"
)

// A data file written before chat kept its own record per room: the room
// record carries the list's preview, count and last activity, and the usage
// totals sit at key 0 of the room's messages.
func writeOldLayout(t *testing.T, s *userdata.Scope, roomID string, created time.Time) {
	t.Helper()
	err := s.Update(func(tx *userdata.Tx) error {
		rooms, err := tx.CreateBucket("rooms")
		if err != nil {
			return err
		}
		old := map[string]any{
			"id": roomID, "title": "Old café", "language": "en", "level": "A2", "situation": "Ordering at a café",
			"myRole": "customer", "aiRole": "barista", "goal": "", "formality": "", "presetId": "",
			"promptVersion": 1, "createdAt": created, "updatedAt": created, "lastActivityAt": created.Add(2 * time.Minute),
			"preview": "Here you are.", "previewRole": "assistant", "messageCount": 2,
		}
		if err := rooms.Put([]byte(roomID), old); err != nil {
			return err
		}
		msgs, err := tx.CreateBucket("msgs", roomID)
		if err != nil {
			return err
		}
		lines := []map[string]any{
			{"id": 1, "role": "user", "text": "A flat white, please.", "status": "done", "createdAt": created.Add(time.Minute)},
			{"id": 2, "role": "assistant", "text": "Here you are.", "status": "done", "createdAt": created.Add(time.Minute + time.Second),
				"usage": map[string]int{"promptTokens": 900, "completionTokens": 4}},
		}
		for _, m := range lines {
			n, err := msgs.NextSequence()
			if err != nil {
				return err
			}
			if err := msgs.Put(userdata.U64Key(n), m); err != nil {
				return err
			}
		}
		return msgs.Put(userdata.U64Key(0), map[string]any{"promptTokens": 900, "completionTokens": 4, "costUsd": 0.000137})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDataStoredByAnOlderParleyIsMovedAtLogIn(t *testing.T) {
	for name, logIn := range map[string]func(c *Core, recovery string) error{
		"LogIn": func(c *Core, _ string) error {
			_, err := c.LogIn(account.LogInRequest{Username: "ann", Password: "correct horse battery"})
			return err
		},
		"RecoverAccount": func(c *Core, recovery string) error {
			_, err := c.RecoverAccount(account.RecoverRequest{Username: "ann", RecoveryCode: recovery, NewPassword: "a brand new passphrase"})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) { testOldDataIsMoved(t, logIn) })
	}
}

func testOldDataIsMoved(t *testing.T, logIn func(c *Core, recovery string) error) {
	c, _ := open(t, filepath.Join(t.TempDir(), "parley.db"))
	res, err := c.Accounts().SignUp(account.SignUpRequest{Username: "ann", Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Scope()
	if err != nil {
		t.Fatal(err)
	}
	const id = "00112233445566ff"
	created := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	writeOldLayout(t, s, id, created)
	if err := c.Accounts().LogOut(); err != nil {
		t.Fatal(err)
	}
	if err := logIn(c, res.RecoveryCode); err != nil {
		t.Fatal(err)
	}
	s, err = c.Scope()
	if err != nil {
		t.Fatal(err)
	}
	list, err := c.ListRooms(s)
	if err != nil || len(list) != 1 {
		t.Fatalf("list %+v, %v", list, err)
	}
	got := list[0]
	if got.ID != id || got.Title != "Old café" || got.MessageCount != 2 || got.Preview != "Here you are." ||
		got.PreviewRole != "assistant" || !got.LastActivityAt.Equal(created.Add(time.Minute+time.Second)) {
		t.Fatalf("old room listed as %+v", got)
	}
	u, err := c.Chat().RoomUsage(s, id)
	if err != nil || u.PromptTokens != 900 || u.CompletionTokens != 4 || u.EstimatedCostUSD != 0.000137 || !u.CostKnown {
		t.Fatalf("old usage %+v, %v", u, err)
	}
	page, err := c.Chat().ListMessages(s, id, 0, 50)
	if err != nil || len(page.Messages) != 2 || page.Messages[0].ID != 1 || page.Messages[1].Text != "Here you are." {
		t.Fatalf("old history %+v, %v", page, err)
	}
	// The room itself is still editable, and its record sheds the old fields.
	r, err := c.Rooms().Get(s, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Rooms().Update(s, id, r.RoomInput); err != nil {
		t.Fatal(err)
	}
	if list, _ := c.ListRooms(s); list[0].MessageCount != 2 || list[0].Preview != "Here you are." {
		t.Fatalf("after an edit: %+v", list[0])
	}
}
