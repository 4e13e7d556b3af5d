package core

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/chat"
	"parley/backend/coach"
	"parley/backend/llm/fakeopenai"
	"parley/backend/room"
)

func TestARoomExportsAsAReadableTranscriptAndAsJSONWithEveryMessage(t *testing.T) {
	c, ev := open(t, filepath.Join(t.TempDir(), "parley.db"))
	s := signUp(t, c, "ann")
	fake := fakeopenai.New()
	defer fake.Close()
	useServer(t, c, s, fake)
	r, err := c.Rooms().Create(s, tokyo)
	if err != nil {
		t.Fatal(err)
	}
	fake.Script(fakeopenai.Behavior{Reply: "いらっしゃいませ！\n# not a heading"})
	if _, err := c.Chat().SendMessage(s, r.ID, "コーヒーをください"); err != nil {
		t.Fatal(err)
	}
	waitDone(t, ev)
	dir := t.TempDir()

	md := filepath.Join(dir, "room.md")
	if err := c.ExportRoom(s, r.ID, RoomMarkdown, md); err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(md)
	for _, want := range []string{"# Coffee in Tokyo", "- Situation: Ordering coffee", "**customer**", "> コーヒーをください", "**barista**", "> いらっしゃいませ！", "> # not a heading"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the transcript lacks %q:\n%s", want, text)
		}
	}

	js := filepath.Join(dir, "room.json")
	if err := c.ExportRoom(s, r.ID, RoomJSON, js); err != nil {
		t.Fatal(err)
	}
	var got roomFile
	raw, _ := os.ReadFile(js)
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if got.Room.ID != r.ID || len(got.Messages) != 2 || got.Messages[1].Text != "いらっしゃいませ！\n# not a heading" {
		t.Fatalf("JSON export = %+v", got)
	}

	if err := c.ExportRoom(s, r.ID, "pdf", js); apperr.CodeOf(err) != apperr.InputInvalid {
		t.Fatalf("an unknown format = %v", err)
	}
	if err := c.ExportRoom(s, "0123456789abcdef", RoomJSON, js); apperr.CodeOf(err) != apperr.RoomNotFound {
		t.Fatalf("another room = %v", err)
	}
}

func TestTheTranscriptCarriesTheCoachsCorrectionsAndDebriefs(t *testing.T) {
	r := room.Room{RoomInput: tokyo, ID: "0123456789abcdef"}
	at := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	msgs := []chat.Message{
		{ID: 1, Role: chat.RoleUser, Text: "コーヒーを ください", Status: chat.StatusDone, CreatedAt: at},
		{ID: 2, Role: chat.RoleAssistant, Text: "はい、どうぞ。", Status: chat.StatusDone, CreatedAt: at},
		{ID: 3, Role: chat.RoleUser, Text: "ありがとう", Status: chat.StatusDone, CreatedAt: at},
	}
	feedback := []coach.Feedback{
		{MessageID: 1, Line: "コーヒーを ください", Result: coach.Result{Corrected: "コーヒーをください"}},
		{MessageID: 3, Line: "ありがとう", Result: coach.Result{Corrected: "ありがとう"}}, // nothing to correct
	}
	debriefs := []coach.Debrief{{Title: "Coffee in Tokyo", UILanguage: "en", CreatedAt: at}}
	md := Markdown(r, msgs, feedback, debriefs)
	for _, want := range []string{"> コーヒーを ください\n\n_Better:_\n\n> コーヒーをください\n", "## Debrief: Coffee in Tokyo"} {
		if !strings.Contains(md, want) {
			t.Errorf("the transcript lacks %q:\n%s", want, md)
		}
	}
	if strings.Count(md, "_Better:_") != 1 {
		t.Errorf("a line with nothing to correct got a correction:\n%s", md)
	}
}
