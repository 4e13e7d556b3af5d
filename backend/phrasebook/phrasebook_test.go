package phrasebook

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/store"
	"parley/backend/userdata"
	"parley/backend/userdata/userdatatest"
)

type env struct {
	db    *store.DB
	path  string
	clock *userdatatest.Clock
	svc   *Service
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db, path := userdatatest.OpenDB(t)
	c := userdatatest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	return &env{db: db, path: path, clock: c, svc: New(Options{Now: c.Now, Fuzz: NoFuzz})}
}

func (e *env) user(t *testing.T, id string) *userdata.Scope { return userdatatest.Scope(t, e.db, id) }

var coffee = PhraseInput{Text: "아이스 아메리카노", Meaning: "iced americano", Reading: "aiseu amerikano",
	Context: "아이스 아메리카노 한 잔 주세요.", Language: "ko", RoomID: "r1", Source: "tap"}

func TestASavedPhraseIsDueAtOnceAndMovesOnWhenRated(t *testing.T) {
	e := newEnv(t)
	me := e.user(t, "mina")
	p, err := e.svc.Save(me, coffee)
	if err != nil {
		t.Fatal(err)
	}
	due, _ := e.svc.DueNow(me, 0)
	if due.Count != 1 || due.Phrases[0].ID != p.ID {
		t.Fatalf("due = %+v", due)
	}
	// Good, Good: through the 10-minute step to the first day-long interval.
	p, _ = e.svc.Rate(me, p.ID, Good)
	if due, _ := e.svc.DueNow(me, 0); due.Count != 0 || p.Card.Due.Sub(e.clock.Now()) != 10*time.Minute {
		t.Fatalf("after Good: due %v, count %d", p.Card.Due, due.Count)
	}
	e.clock.Advance(10 * time.Minute)
	p, _ = e.svc.Rate(me, p.ID, Good)
	if p.Card.State != StateReview || p.Card.Due.Sub(e.clock.Now()) < 24*time.Hour {
		t.Fatalf("after Good, Good: %+v", p.Card)
	}
	e.clock.Advance(p.Card.Due.Sub(e.clock.Now()))
	if due, _ := e.svc.DueNow(me, 0); due.Count != 1 {
		t.Errorf("due again on its day: %d", due.Count)
	}
	if _, err := e.svc.Rate(me, p.ID, 5); apperr.CodeOf(err) != apperr.InputInvalid {
		t.Errorf("rating 5: %v", err)
	}
	if _, err := e.svc.Rate(me, 99, Good); apperr.CodeOf(err) != apperr.PhraseNotFound {
		t.Errorf("unknown phrase: %v", err)
	}
}

func TestSearchEditDeleteAndFilterByLanguage(t *testing.T) {
	e := newEnv(t)
	me := e.user(t, "mina")
	a, _ := e.svc.Save(me, coffee)
	e.clock.Advance(time.Minute)
	b, _ := e.svc.Save(me, PhraseInput{Text: "お会計お願いします", Meaning: "the bill, please", Language: "ja"})
	all, _ := e.svc.List(me, Query{})
	if len(all) != 2 || all[0].ID != b.ID {
		t.Fatalf("newest first: %+v", all)
	}
	if got, _ := e.svc.List(me, Query{Language: "ja"}); len(got) != 1 || got[0].ID != b.ID {
		t.Errorf("ja = %+v", got)
	}
	if got, _ := e.svc.List(me, Query{Search: "AMERICANO"}); len(got) != 1 || got[0].ID != a.ID {
		t.Errorf("search = %+v", got)
	}
	in := a.PhraseInput
	in.Meaning = "an iced americano"
	in.Source = "debrief"
	up, err := e.svc.Update(me, a.ID, in)
	if err != nil || up.Meaning != "an iced americano" || up.Source != "tap" {
		t.Errorf("update = %+v, %v", up, err)
	}
	if err := e.svc.Delete(me, []uint64{a.ID, 77}); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.svc.List(me, Query{}); len(got) != 1 {
		t.Errorf("after delete: %+v", got)
	}
}

func TestSavingTheSamePhraseAgainKeepsOneEntry(t *testing.T) {
	e := newEnv(t)
	me := e.user(t, "mina")
	first, _ := e.svc.Save(me, coffee)
	again, err := e.svc.Save(me, PhraseInput{Text: " 아이스 아메리카노 ", Language: "ko", Note: "a loanword", Source: "correction"})
	if err != nil || again.ID != first.ID || again.Meaning != coffee.Meaning || again.Note != "a loanword" {
		t.Errorf("again = %+v, %v", again, err)
	}
}

func TestBadPhrasesNameTheirField(t *testing.T) {
	e := newEnv(t)
	me := e.user(t, "mina")
	for field, in := range map[string]PhraseInput{
		"text":     {Language: "ko"},
		"language": {Text: "hi", Language: "fr"},
		"source":   {Text: "hi", Language: "en", Source: "web"},
		"context":  {Text: "hi", Language: "en", Context: strings.Repeat("x", MaxContext+1)},
	} {
		if _, err := e.svc.Save(me, in); apperr.As(err) == nil || apperr.As(err).Field != field {
			t.Errorf("%s: %v", field, err)
		}
	}
}

func TestAnotherUserSeesNoneOfMyPhrasesAndTheyAreSealed(t *testing.T) {
	e := newEnv(t)
	if _, err := e.svc.Save(e.user(t, "mina"), coffee); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.svc.List(e.user(t, "joon"), Query{}); len(got) != 0 {
		t.Errorf("joon sees %+v", got)
	}
	e.db.Close()
	raw, _ := os.ReadFile(e.path)
	if bytes.Contains(raw, []byte("아메리카노")) || bytes.Contains(raw, []byte("americano")) {
		t.Error("a phrase is in the data file in clear")
	}
}

func TestAnkiAndCSVExports(t *testing.T) {
	e := newEnv(t)
	me := e.user(t, "mina")
	e.svc.Save(me, coffee)
	e.clock.Advance(time.Minute)
	e.svc.Save(me, PhraseInput{Text: "=cmd|' /C calc'!A0", Meaning: "a <b>formula</b>\twith a tab", Language: "en"})

	a, err := e.svc.Export(me, FormatAnki, "")
	if err != nil {
		t.Fatal(err)
	}
	want := "#separator:tab\n#html:true\n#tags column:3\n" +
		"아이스 아메리카노\ticed americano<br>aiseu amerikano<br><i>아이스 아메리카노 한 잔 주세요.</i>\tparley parley::ko\n" +
		"=cmd|&#39; /C calc&#39;!A0\ta &lt;b&gt;formula&lt;/b&gt; with a tab\tparley parley::en\n"
	if a.Content != want || a.Name != "parley-phrasebook.txt" || a.Count != 2 {
		t.Errorf("anki =\n%q\nwant\n%q", a.Content, want)
	}
	for _, line := range strings.Split(strings.TrimSpace(a.Content), "\n")[3:] {
		if n := strings.Count(line, "\t"); n != 2 {
			t.Errorf("line has %d tabs: %q", n, line)
		}
	}

	c, _ := e.svc.Export(me, FormatCSV, "ko")
	wantCSV := "text,meaning,reading,note,context,language,saved,due\n" +
		"아이스 아메리카노,iced americano,aiseu amerikano,,아이스 아메리카노 한 잔 주세요.,ko,2026-03-01,2026-03-01\n"
	if c.Content != wantCSV || c.Name != "parley-phrasebook-ko.csv" {
		t.Errorf("csv =\n%q", c.Content)
	}
	all, _ := e.svc.Export(me, FormatCSV, "")
	if !strings.Contains(all.Content, "\n'=cmd") {
		t.Errorf("a formula-like cell is not defused:\n%s", all.Content)
	}
	if _, err := e.svc.Export(me, "xlsx", ""); apperr.CodeOf(err) != apperr.InputInvalid {
		t.Errorf("xlsx: %v", err)
	}
}

func TestAnExportIsWrittenForItsOwnerOnly(t *testing.T) {
	path := t.TempDir() + "/phrases.txt"
	if err := WriteExport(path, ExportFile{Content: "#separator:tab\n"}); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, %v", st.Mode(), err)
	}
	if err := WriteExport(t.TempDir()+"/missing/x.txt", ExportFile{}); apperr.CodeOf(err) != apperr.StoreIO {
		t.Errorf("unwritable: %v", err)
	}
}
