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

// Progress draws corrections per 100 words from the coach's feedback: one
// change in a Japanese line is a rate over the analyser's words, on today.
func TestProgressShowsCorrectionsPer100WordsFromTheCoach(t *testing.T) {
	fake := fakeopenai.New()
	defer fake.Close()
	c, ev := open(t, filepath.Join(t.TempDir(), "parley.db"))
	s := signUp(t, c, "ann")
	useServer(t, c, s, fake)
	r, err := c.Rooms().Create(s, tokyo)
	if err != nil {
		t.Fatal(err)
	}
	fake.Script(fakeopenai.Behavior{Reply: "はい。"}, fakeopenai.Behavior{Endpoint: fakeopenai.EndpointCoach,
		Reply: `{"verdict":"corrected","corrected":"コーヒーをください","changes":[{"original":"が","corrected":"を","category":"grammar","explanation":"object"}],"alternative":"","goals_met":[]}`})
	if _, err := c.SendMessage(s, r.ID, "コーヒーがください"); err != nil {
		t.Fatal(err)
	}
	waitDone(t, ev)
	c.Coach().Wait()
	got, err := c.Progress(s, "Asia/Tokyo")
	if err != nil || len(got) != 1 {
		t.Fatalf("progress = %+v %v", got, err)
	}
	today := got[0].Days[len(got[0].Days)-1]
	// コーヒー / が / ください: three words, one correction.
	if today.CheckedWords != 3 || today.Corrections != 1 || today.Per100 == nil || *today.Per100 != 33.3 ||
		got[0].Per100 == nil || *got[0].Per100 != 33.3 {
		t.Errorf("today = %+v, per100 = %v", today, got[0].Per100)
	}
}
