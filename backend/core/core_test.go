package core

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"parley/backend/account"
	"parley/backend/apperr"
	"parley/backend/chat"
	"parley/backend/llm/fakeopenai"
	"parley/backend/room"
	"parley/backend/settings"
	"parley/backend/vault"
)

// events records what the UI would receive.
type uiEvents struct{ done chan chat.DoneEvent }

func (e *uiEvents) Emit(name string, payload any) {
	if d, ok := payload.(chat.DoneEvent); ok {
		e.done <- d
	}
}

func open(t *testing.T, path string) (*Core, *uiEvents) {
	t.Helper()
	ev := &uiEvents{done: make(chan chat.DoneEvent, 16)}
	c, err := Open(path, Options{Emitter: ev, Params: vault.TestParams(), LockTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c, ev
}

var tokyo = room.RoomInput{Title: "Coffee in Tokyo", Language: "ja", Level: "A2", Situation: "Ordering coffee in a small café in Tokyo",
	MyRole: "customer", AIRole: "barista", Formality: "polite"}

func TestNothingAnswersBeforeLogIn(t *testing.T) {
	c, _ := open(t, filepath.Join(t.TempDir(), "parley.db"))
	calls := map[string]func() error{
		"ListRooms":    func() error { _, err := c.ListRooms(); return err },
		"GetRoom":      func() error { _, err := c.GetRoom("0123456789abcdef"); return err },
		"CreateRoom":   func() error { _, err := c.CreateRoom(tokyo); return err },
		"ValidateRoom": func() error { _, err := c.ValidateRoom(tokyo); return err },
		"DeleteRooms":  func() error { return c.DeleteRooms([]string{"0123456789abcdef"}) },
		"ListTrash":    func() error { _, err := c.ListTrash(); return err },
		"EmptyTrash":   func() error { return c.EmptyTrash() },
		"GetSettings":  func() error { _, err := c.GetSettings(); return err },
		"SaveSettings": func() error { _, err := c.SaveSettings(settings.SettingsUpdate{}); return err },
		"TestConn":     func() error { _, err := c.TestConnection(context.Background()); return err },
		"SendMessage":  func() error { _, err := c.SendMessage("0123456789abcdef", "hi"); return err },
		"ListMessages": func() error { _, err := c.ListMessages("0123456789abcdef", 0, 10); return err },
		"StopReply":    func() error { return c.StopReply("0123456789abcdef") },
	}
	for name, call := range calls {
		if got := apperr.CodeOf(call()); got != apperr.AuthRequired {
			t.Errorf("%s before log-in: got %s, want %s", name, got, apperr.AuthRequired)
		}
	}
}

func TestALearnerSignsUpSetsAServerAndChatsInARoom(t *testing.T) {
	fake := fakeopenai.New()
	defer fake.Close()
	fake.Script(fakeopenai.Behavior{Reply: "いらっしゃいませ。ご注文は？"})
	c, ev := open(t, filepath.Join(t.TempDir(), "parley.db"))

	if _, err := c.SignUp(account.SignUpRequest{Username: "ann", Password: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SaveSettings(settings.SettingsUpdate{APIKey: "sk-test-abcdefgh1234", BaseURL: fake.URL, Model: "gpt-4o-mini",
		Temperature: 0.5, Theme: "system"}); err != nil {
		t.Fatal(err)
	}
	r, err := c.CreateRoom(tokyo)
	if err != nil {
		t.Fatal(err)
	}
	sent, err := c.SendMessage(r.ID, "コーヒーをください")
	if err != nil {
		t.Fatal(err)
	}
	select {
	case d := <-ev.done:
		if d.RoomID != r.ID || d.Reply.ID != sent.ReplyID || d.Reply.Text != "いらっしゃいませ。ご注文は？" {
			t.Fatalf("done event %+v", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no reply within 10 s")
	}
	page, err := c.ListMessages(r.ID, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Messages) != 2 || page.Messages[0].Text != "コーヒーをください" || page.Messages[1].Role != "assistant" {
		t.Fatalf("saved conversation %+v", page.Messages)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 || reqs[0].Authorization != "Bearer sk-test-abcdefgh1234" || reqs[0].Model != "gpt-4o-mini" {
		t.Fatalf("server saw %+v", reqs)
	}
	rooms, _ := c.ListRooms()
	if len(rooms) != 1 || rooms[0].MessageCount != 2 {
		t.Fatalf("room list %+v", rooms)
	}
}

func TestAnotherUserCannotReachMyRoomThroughTheApp(t *testing.T) {
	c, _ := open(t, filepath.Join(t.TempDir(), "parley.db"))
	if _, err := c.SignUp(account.SignUpRequest{Username: "ann", Password: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	r, err := c.CreateRoom(tokyo)
	if err != nil {
		t.Fatal(err)
	}
	_ = c.LogOut()
	if _, err := c.SignUp(account.SignUpRequest{Username: "bob", Password: "another good one"}); err != nil {
		t.Fatal(err)
	}
	if list, _ := c.ListRooms(); len(list) != 0 {
		t.Fatalf("bob sees %d rooms", len(list))
	}
	attempts := map[string]error{}
	_, attempts["GetRoom"] = c.GetRoom(r.ID)
	_, attempts["UpdateRoom"] = c.UpdateRoom(r.ID, tokyo)
	attempts["DeleteRooms"] = c.DeleteRooms([]string{r.ID})
	attempts["RestoreRooms"] = c.RestoreRooms([]string{r.ID})
	_, attempts["SendMessage"] = c.SendMessage(r.ID, "hi")
	_, attempts["OpenScene"] = c.OpenScene(r.ID)
	_, attempts["ListMessages"] = c.ListMessages(r.ID, 0, 10)
	for name, err := range attempts {
		if apperr.CodeOf(err) != apperr.RoomNotFound {
			t.Errorf("%s on ann's room: got %v, want %s", name, err, apperr.RoomNotFound)
		}
	}
}

func TestASecondParleyOnTheSameFileIsToldItIsAlreadyRunning(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	open(t, path)
	_, err := Open(path, Options{LockTimeout: 100 * time.Millisecond})
	if apperr.CodeOf(err) != apperr.StoreLocked {
		t.Fatalf("got %v, want %s", err, apperr.StoreLocked)
	}
}

func TestEmptyListsReachTheUIAsEmptyArraysNotNull(t *testing.T) {
	c, _ := open(t, filepath.Join(t.TempDir(), "parley.db"))
	if _, err := c.SignUp(account.SignUpRequest{Username: "ann", Password: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	lists := map[string]func() (any, error){
		"ListRooms":    func() (any, error) { return c.ListRooms() },
		"ListTrash":    func() (any, error) { return c.ListTrash() },
		"ValidateRoom": func() (any, error) { return c.ValidateRoom(tokyo) },
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
