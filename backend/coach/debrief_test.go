package coach

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"parley/backend/chat"
	"parley/backend/room"
)

type sessionFixture struct {
	Room     room.Room       `json:"room"`
	GoalsMet []int           `json:"goalsMet"`
	Messages []chat.Message  `json:"messages"`
	Notes    map[string]note `json:"notes"`
	Model    string          `json:"model"`
}

func loadSession(t *testing.T) (sessionFixture, map[uint64]note) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "debrief_session.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f sessionFixture
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	notes := map[uint64]note{}
	for k, n := range f.Notes {
		id, _ := strconv.ParseUint(k, 10, 64)
		notes[id] = n
	}
	return f, notes
}

// The debrief of a fixture session: what is counted, what the model judged,
// and the Markdown it exports to.
func TestADebriefIsBuiltFromASessionsTranscript(t *testing.T) {
	f, notes := loadSession(t)
	d := buildDebrief(f.Room, "en", f.Messages, notes, GoalsOf(f.Room, "en"), f.GoalsMet)
	if err := judgeDebrief(&d, f.Model, f.Messages); err != nil {
		t.Fatal(err)
	}
	want := SessionStats{Lines: 3, Words: 6 + 8 + 5, Minutes: 5, HintsByRung: [4]int{0, 1, 0, 1}, Checked: 3, Natural: 1}
	if d.Stats != want {
		t.Errorf("stats %+v, want %+v", d.Stats, want)
	}
	if d.FromID != 1 || d.ToID != 7 {
		t.Errorf("session %d..%d", d.FromID, d.ToID)
	}
	if len(d.Goals) != 3 || !d.Goals[0].Met || !d.Goals[1].Met || d.Goals[2].Met {
		t.Errorf("goals %+v", d.Goals)
	}
	if len(d.Corrections) != 2 || d.Corrections[0].Category != CatGrammar || d.Corrections[0].Count != 2 ||
		d.Corrections[1].Category != CatRegister || d.Corrections[0].Items[1].Change.Corrected != "have" {
		t.Errorf("corrections %+v", d.Corrections)
	}
	// Only phrases the partner really said, once each.
	if len(d.Phrases) != 2 || d.Phrases[0].Text != "for here or to go" || d.Phrases[1].Text != "Anything else?" {
		t.Errorf("phrases %+v", d.Phrases)
	}
	// Each keeps the partner's line it came from, for the phrasebook.
	if len(d.Phrases) == 2 && (d.Phrases[0].Context != "Sure, one medium hot latte. Would you like it for here or to go?" ||
		d.Phrases[1].Context != "We do! Oat milk is fifty cents extra. Anything else?") {
		t.Errorf("phrase contexts %q, %q", d.Phrases[0].Context, d.Phrases[1].Context)
	}
	if d.Level != (LevelFit{Room: "A2", Felt: "A2", Next: "B1", Note: "Your orders were clear; word order needs work."}) {
		t.Errorf("level %+v", d.Level)
	}
	d.CreatedAt = time.Date(2026, 3, 1, 9, 5, 0, 0, time.Local)
	md := d.Markdown()
	path := filepath.Join("testdata", "debrief_v1_en.md.golden")
	if *update {
		if err := os.WriteFile(path, []byte(md), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	golden, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if md != string(golden) {
		t.Errorf("Markdown differs from %s:\n%s", path, md)
	}
	if d.FileName() != "Morning coffee 2026-03-01.md" {
		t.Errorf("file name %q", d.FileName())
	}
}

func TestAnUnreadableJudgementIsAnError(t *testing.T) {
	f, notes := loadSession(t)
	for _, bad := range []string{`{"phrases":[],"felt":"A9","next":"B1","note":""}`, `{"phrases":[`, "fine"} {
		d := buildDebrief(f.Room, "en", f.Messages, notes, nil, nil)
		if err := judgeDebrief(&d, bad, f.Messages); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}

func TestJapaneseLinesCountCharactersAndMarkdownIsEscaped(t *testing.T) {
	if n := countWords("コーヒーを ください。", room.Japanese); n != 9 {
		t.Errorf("ja count %d", n)
	}
	if n := countWords("아메리카노 한 잔 주세요", room.Korean); n != 4 {
		t.Errorf("ko count %d", n)
	}
	d := Debrief{Title: "a/b", UILanguage: "ko", Phrases: []Phrase{{Text: "# *bold* [link](x)", Meaning: "<b>"}}}
	md := d.Markdown()
	if !strings.Contains(md, `\# \*bold\* \[link\](x)`) || !strings.Contains(md, "&lt;b&gt;") || !strings.Contains(md, "기억해 둘 표현") {
		t.Errorf("markdown:\n%s", md)
	}
	if strings.Contains(d.FileName(), "/") {
		t.Errorf("file name %q", d.FileName())
	}
}
