package core

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parley/backend/apperr"
	"parley/backend/llm/fakeopenai"
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
