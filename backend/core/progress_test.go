package core

import (
	"path/filepath"
	"testing"

	"parley/backend/llm/fakeopenai"
	"parley/backend/phrasebook"
)

// Progress reads the learner's lines from every room through chat, counts
// Japanese words with the analyser, and adds the phrasebook.
func TestProgressCountsTheLearnersLinesAndPhrases(t *testing.T) {
	fake := fakeopenai.New()
	defer fake.Close()
	c, ev := open(t, filepath.Join(t.TempDir(), "parley.db"))
	s := signUp(t, c, "ann")
	useServer(t, c, s, fake)
	r, err := c.Rooms().Create(s, tokyo)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"コーヒーをください", "ありがとうございます"} {
		fake.Script(fakeopenai.Behavior{Reply: "はい。"})
		if _, err := c.Chat().SendMessage(s, r.ID, line); err != nil {
			t.Fatal(err)
		}
		waitDone(t, ev)
	}
	if _, err := c.Phrases().Save(s, phrasebook.PhraseInput{Text: "ください", Language: "ja"}); err != nil {
		t.Fatal(err)
	}
	got, err := c.Progress(s, "Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("progress = %+v", got)
	}
	ja := got[0]
	// コーヒー / を / ください and ありがとう / ござい / ます: the analyser's words.
	if ja.Language != "ja" || ja.Lines != 2 || ja.Words < 5 || ja.Sessions != 1 || ja.Streak != 1 || ja.PhrasesSaved != 1 {
		t.Errorf("ja = %+v", ja)
	}
	if _, err := c.Progress(s, "Nowhere/Else"); err == nil {
		t.Error("an unknown time zone was accepted")
	}
}
