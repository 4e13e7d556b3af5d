package main

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"parley/backend/account"
	"parley/backend/apperr"
	"parley/backend/core"
	"parley/backend/room"
	"parley/backend/search"
	"parley/backend/settings"
	"parley/backend/vault"
)

// openApp is the bound facade over a fresh data file, as startup leaves it.
func openApp(t *testing.T) *App {
	t.Helper()
	path := filepath.Join(t.TempDir(), "parley.db")
	a := NewApp(path)
	a.core, a.openErr = core.Open(path, core.Options{Params: vault.TestParams(), LockTimeout: 200 * time.Millisecond})
	if a.openErr != nil {
		t.Fatal(a.openErr)
	}
	close(a.ready)
	t.Cleanup(func() { _ = a.core.Close() })
	return a
}

var tokyo = room.RoomInput{Title: "Coffee in Tokyo", Language: "ja", Level: "A2", Situation: "Ordering coffee in a small café in Tokyo",
	MyRole: "customer", AIRole: "barista", Formality: "polite"}

func TestNothingAnswersBeforeLogIn(t *testing.T) {
	a := openApp(t)
	const id = "0123456789abcdef"
	calls := map[string]func() error{
		"ListRooms":          func() error { _, err := a.ListRooms(); return err },
		"GetRoom":            func() error { _, err := a.GetRoom(id); return err },
		"CreateRoom":         func() error { _, err := a.CreateRoom(tokyo); return err },
		"ValidateRoom":       func() error { _, err := a.ValidateRoom(tokyo); return err },
		"DeleteRooms":        func() error { return a.DeleteRooms([]string{id}) },
		"ListTrash":          func() error { _, err := a.ListTrash(); return err },
		"EmptyTrash":         func() error { return a.EmptyTrash() },
		"GetSettings":        func() error { _, err := a.GetSettings(); return err },
		"SaveSettings":       func() error { _, err := a.SaveSettings(settings.SettingsUpdate{}); return err },
		"TestConnection":     func() error { _, err := a.TestConnection("c1", settings.SettingsUpdate{}); return err },
		"ListModels":         func() error { _, err := a.ListModels("c1", settings.SettingsUpdate{}); return err },
		"SuggestReply":       func() error { _, err := a.SuggestReply("c1", id); return err },
		"SendMessage":        func() error { _, err := a.SendMessage(id, "hi"); return err },
		"ListMessages":       func() error { _, err := a.ListMessages(id, 0, 10); return err },
		"StopReply":          func() error { return a.StopReply(id) },
		"RoomUsage":          func() error { _, err := a.RoomUsage(id); return err },
		"UsageReport":        func() error { _, err := a.UsageReport(); return err },
		"PinnedRooms":        func() error { _, err := a.PinnedRooms(); return err },
		"ChangeDisplayName":  func() error { _, err := a.ChangeDisplayName("Ann"); return err },
		"PinRoom":            func() error { _, err := a.PinRoom(id, true); return err },
		"SearchMessages":     func() error { _, err := a.SearchMessages(search.Request{Query: "hi"}); return err },
		"ListMessagesAround": func() error { _, err := a.ListMessagesAround(id, 1, 10); return err },
		// The update check asks the network only after log-in.
		"CheckForUpdates":        func() error { _, err := a.CheckForUpdates("c1"); return err },
		"CheckForUpdatesAtStart": func() error { _, err := a.CheckForUpdatesAtStart("c1"); return err },
	}
	for name, call := range calls {
		if got := apperr.CodeOf(call()); got != apperr.AuthRequired {
			t.Errorf("%s before log-in: got %s, want %s", name, got, apperr.AuthRequired)
		}
	}
	// What the log-in page itself needs answers without a session.
	if _, err := a.Limits(); err != nil {
		t.Errorf("Limits before log-in: %v", err)
	}
	if err := a.CancelCall("c1"); err != nil {
		t.Errorf("CancelCall before log-in: %v", err)
	}
}

func TestAnotherUserCannotReachMyRoomThroughTheApp(t *testing.T) {
	a := openApp(t)
	if _, err := a.SignUp(account.SignUpRequest{Username: "ann", Password: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	r, err := a.CreateRoom(tokyo)
	if err != nil {
		t.Fatal(err)
	}
	_ = a.LogOut()
	if _, err := a.SignUp(account.SignUpRequest{Username: "bob", Password: "another good one"}); err != nil {
		t.Fatal(err)
	}
	if list, _ := a.ListRooms(); len(list) != 0 {
		t.Fatalf("bob sees %d rooms", len(list))
	}
	attempts := map[string]error{}
	_, attempts["GetRoom"] = a.GetRoom(r.ID)
	_, attempts["UpdateRoom"] = a.UpdateRoom(r.ID, tokyo)
	attempts["DeleteRooms"] = a.DeleteRooms([]string{r.ID})
	attempts["RestoreRooms"] = a.RestoreRooms([]string{r.ID})
	_, attempts["SendMessage"] = a.SendMessage(r.ID, "hi")
	_, attempts["OpenScene"] = a.OpenScene(r.ID)
	_, attempts["ListMessages"] = a.ListMessages(r.ID, 0, 10)
	_, attempts["ListMessagesAround"] = a.ListMessagesAround(r.ID, 1, 10)
	_, attempts["RoomUsage"] = a.RoomUsage(r.ID)
	_, attempts["SuggestReply"] = a.SuggestReply("c1", r.ID)
	for name, err := range attempts {
		if apperr.CodeOf(err) != apperr.RoomNotFound {
			t.Errorf("%s on ann's room: got %v, want %s", name, err, apperr.RoomNotFound)
		}
	}
}

func TestEmptyListsReachTheUIAsEmptyArraysNotNull(t *testing.T) {
	a := openApp(t)
	if _, err := a.SignUp(account.SignUpRequest{Username: "ann", Password: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	lists := map[string]func() (any, error){
		"ListRooms":    func() (any, error) { return a.ListRooms() },
		"ListTrash":    func() (any, error) { return a.ListTrash() },
		"ValidateRoom": func() (any, error) { return a.ValidateRoom(tokyo) },
	}
	for name, list := range lists {
		v, err := list()
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := json.Marshal(v); string(b) != "[]" {
			t.Errorf("%s of nothing is %s, want []", name, b)
		}
	}
}

func TestRestoreAndSalvageRefuseAFileAnotherParleyHolds(t *testing.T) {
	a := openApp(t) // the Parley that has the file open
	b := NewApp(a.dbPath)
	b.core, b.openErr = core.Open(a.dbPath, core.Options{Params: vault.TestParams(), LockTimeout: 100 * time.Millisecond})
	close(b.ready)
	if apperr.CodeOf(b.openErr) != apperr.StoreLocked {
		t.Fatalf("second open = %v, want %s", b.openErr, apperr.StoreLocked)
	}
	if _, err := b.RestoreBackup("parley-20260101.db"); apperr.CodeOf(err) != apperr.StoreLocked {
		t.Fatalf("RestoreBackup on a held file = %v, want %s", err, apperr.StoreLocked)
	}
	if _, err := b.SalvageDataFile(); apperr.CodeOf(err) != apperr.StoreLocked {
		t.Fatalf("SalvageDataFile on a held file = %v, want %s", err, apperr.StoreLocked)
	}
	// The first Parley still has its file.
	if _, err := a.SignUp(account.SignUpRequest{Username: "ann", Password: "correct horse battery"}); err != nil {
		t.Fatalf("the holding Parley lost its file: %v", err)
	}
}
