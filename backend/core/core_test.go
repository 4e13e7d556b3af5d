package core

import (
	"path/filepath"
	"testing"
	"time"

	"parley/backend/account"
	"parley/backend/apperr"
	"parley/backend/chat"
	"parley/backend/llm/fakeopenai"
	"parley/backend/room"
	"parley/backend/settings"
	"parley/backend/userdata"
	"parley/backend/userdata/userdatatest"
	"parley/backend/vault"
)

// events records what the UI would receive.
type uiEvents struct {
	done  chan chat.DoneEvent
	delta chan chat.DeltaEvent
}

func (e *uiEvents) Emit(name string, payload any) {
	switch p := payload.(type) {
	case chat.DoneEvent:
		e.done <- p
	case chat.DeltaEvent:
		select {
		case e.delta <- p:
		default:
		}
	}
}

func open(t *testing.T, path string) (*Core, *uiEvents) {
	t.Helper()
	return openAt(t, path, nil)
}

func openAt(t *testing.T, path string, now func() time.Time) (*Core, *uiEvents) {
	t.Helper()
	ev := &uiEvents{done: make(chan chat.DoneEvent, 16), delta: make(chan chat.DeltaEvent, 16)}
	c, err := Open(path, Options{Emitter: ev, Params: vault.TestParams(), LockTimeout: 200 * time.Millisecond, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c, ev
}

var tokyo = room.RoomInput{Title: "Coffee in Tokyo", Language: "ja", Level: "A2", Situation: "Ordering coffee in a small café in Tokyo",
	MyRole: "customer", AIRole: "barista", Formality: "polite"}

// signUp signs ann up (which logs her in) and returns her scope.
func signUp(t testing.TB, c *Core, name string) *userdata.Scope {
	t.Helper()
	if _, err := c.Accounts().SignUp(account.SignUpRequest{Username: name, Password: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	s, err := c.Scope()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// useServer points the logged-in user's settings at the fake.
func useServer(t *testing.T, c *Core, s *userdata.Scope, fake *fakeopenai.Server) {
	t.Helper()
	if _, err := c.Settings().Save(s, settings.SettingsUpdate{APIKey: "sk-test-abcdefgh1234", BaseURL: fake.URL, Model: "gpt-4o-mini",
		Temperature: 0.5, Theme: "system"}); err != nil {
		t.Fatal(err)
	}
}

func waitDone(t *testing.T, ev *uiEvents) chat.DoneEvent {
	t.Helper()
	select {
	case d := <-ev.done:
		return d
	case <-time.After(10 * time.Second):
		t.Fatal("no reply within 10 s")
	}
	return chat.DoneEvent{}
}

func TestALearnerSignsUpSetsAServerAndChatsInARoom(t *testing.T) {
	fake := fakeopenai.New()
	defer fake.Close()
	fake.Script(fakeopenai.Behavior{Reply: "いらっしゃいませ。ご注文は？"})
	c, ev := open(t, filepath.Join(t.TempDir(), "parley.db"))
	s := signUp(t, c, "ann")
	useServer(t, c, s, fake)
	r, err := c.Rooms().Create(s, tokyo)
	if err != nil {
		t.Fatal(err)
	}
	sent, err := c.Chat().SendMessage(s, r.ID, "コーヒーをください")
	if err != nil {
		t.Fatal(err)
	}
	if d := waitDone(t, ev); d.RoomID != r.ID || d.Reply.ID != sent.ReplyID || d.Reply.Text != "いらっしゃいませ。ご注文は？" {
		t.Fatalf("done event %+v", d)
	}
	page, err := c.Chat().ListMessages(s, r.ID, 0, 10)
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
	rooms, _ := c.ListRooms(s)
	if len(rooms) != 1 || rooms[0].MessageCount != 2 || rooms[0].Preview != "いらっしゃいませ。ご注文は？" || rooms[0].Streaming {
		t.Fatalf("room list %+v", rooms)
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

func titles(rooms []RoomSummary) []string {
	var out []string
	for _, r := range rooms {
		out = append(out, r.Title)
	}
	return out
}

func TestRoomsAreListedByLatestActivityWithTheirConversation(t *testing.T) {
	fake := fakeopenai.New()
	defer fake.Close()
	clock := userdatatest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	c, ev := openAt(t, filepath.Join(t.TempDir(), "parley.db"), clock.Now)
	s := signUp(t, c, "ann")
	useServer(t, c, s, fake)
	var ids []string
	for _, title := range []string{"first", "second", "third"} {
		in := tokyo
		in.Title = title
		r, err := c.Rooms().Create(s, in)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
		clock.Advance(time.Minute)
	}
	list, _ := c.ListRooms(s)
	if got := titles(list); len(got) != 3 || got[0] != "third" || got[2] != "first" || !list[2].LastActivityAt.Equal(list[2].CreatedAt) {
		t.Fatalf("newest rooms first: %v", got)
	}

	// Writing in the first room brings it to the top, with its last line.
	fake.Script(fakeopenai.Behavior{Reply: "Hello\nthere!", Fail: fakeopenai.FailStall, AfterTokens: 1})
	if _, err := c.Chat().SendMessage(s, ids[0], "Hi"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ev.delta: // the reply has begun and stalls until Release
	case <-time.After(10 * time.Second):
		t.Fatal("the reply did not begin")
	}
	list, _ = c.ListRooms(s)
	top := list[0]
	if got := titles(list); got[0] != "first" || got[1] != "third" || !top.LastActivityAt.Equal(clock.Now()) ||
		top.Preview != "Hi" || top.PreviewRole != "user" || top.MessageCount != 2 || !top.Streaming || list[1].Streaming {
		t.Fatalf("while the reply streams: %+v", list)
	}
	fake.Release()
	waitDone(t, ev)
	list, _ = c.ListRooms(s)
	if top = list[0]; top.Title != "first" || top.Preview != "Hello there!" || top.PreviewRole != "assistant" || top.Streaming {
		t.Fatalf("after the reply: %+v", top)
	}

	// Editing a room is not activity: the list order stays.
	if _, err := c.Rooms().Update(s, ids[1], tokyo); err != nil {
		t.Fatal(err)
	}
	if list, _ = c.ListRooms(s); list[0].ID != ids[0] || list[1].ID != ids[2] {
		t.Fatalf("after an edit: %v", titles(list))
	}
}

func TestATrashedRoomShowsItsConversationAndEmptyingTheTrashRemovesIt(t *testing.T) {
	fake := fakeopenai.New()
	defer fake.Close()
	c, ev := open(t, filepath.Join(t.TempDir(), "parley.db"))
	s := signUp(t, c, "ann")
	useServer(t, c, s, fake)
	r, _ := c.Rooms().Create(s, tokyo)
	if _, err := c.Chat().SendMessage(s, r.ID, "Hi"); err != nil {
		t.Fatal(err)
	}
	waitDone(t, ev)
	if err := c.Rooms().Delete(s, []string{r.ID}); err != nil {
		t.Fatal(err)
	}
	trash, err := c.ListTrash(s)
	if err != nil || len(trash) != 1 || trash[0].MessageCount != 2 || trash[0].DeletedAt == nil {
		t.Fatalf("trash %+v, %v", trash, err)
	}
	if err := c.Rooms().EmptyTrash(s); err != nil {
		t.Fatal(err)
	}
	if acts, err := c.Chat().Activities(s); err != nil || len(acts) != 0 {
		t.Fatalf("chat kept %+v (%v) of a room deleted for good", acts, err)
	}
	s.View(func(tx *userdata.Tx) error {
		if b, _ := tx.Bucket("msgs", r.ID); b != nil {
			t.Error("the room's messages outlived it")
		}
		return nil
	})
}

func TestSummaryTakesTheLaterOfCreationAndConversation(t *testing.T) {
	created := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	r := room.Room{ID: "0123456789abcdef", CreatedAt: created}
	if s := summary(r, chat.Activity{}, false); !s.LastActivityAt.Equal(created) || s.MessageCount != 0 {
		t.Fatalf("a room with no conversation: %+v", s)
	}
	later := created.Add(time.Hour)
	if s := summary(r, chat.Activity{LastActivityAt: later, MessageCount: 3, Preview: "p", PreviewRole: "user"}, true); !s.LastActivityAt.Equal(later) ||
		s.MessageCount != 3 || s.Preview != "p" || s.PreviewRole != "user" || !s.Streaming {
		t.Fatalf("a room with a conversation: %+v", s)
	}
}

var loginAnn = account.LogInRequest{Username: "ann", Password: "correct horse battery"}

// allMessages reads a room's whole conversation, oldest first, as the UI pages it.
func allMessages(t *testing.T, c *Core, roomID string) []chat.Message {
	t.Helper()
	s, _ := c.Scope()
	var out []chat.Message
	before := uint64(0)
	for {
		p, err := c.Chat().ListMessages(s, roomID, before, 200)
		if err != nil {
			t.Fatal(err)
		}
		out = append(p.Messages, out...)
		if !p.HasMore || len(p.Messages) == 0 {
			return out
		}
		before = p.Messages[0].ID
	}
}
