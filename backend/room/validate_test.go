package room

import (
	"errors"
	"strings"
	"testing"

	"parley/backend/apperr"
)

func goodInput() RoomInput {
	return RoomInput{
		Title:     "Morning coffee",
		Language:  "ko",
		Level:     "A2",
		Situation: "A small café near the station.",
		MyRole:    "Customer",
		AIRole:    "Barista",
		Goal:      "Order politely",
		Formality: "polite",
	}
}

func TestEveryBadFieldIsNamedWithItsCode(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*RoomInput)
		code  string
		field string
	}{
		{"title too long", func(in *RoomInput) { in.Title = strings.Repeat("가", MaxTitle+1) }, apperr.InputTooLong, "title"},
		{"title with a newline", func(in *RoomInput) { in.Title = "two\nlines" }, apperr.InputInvalid, "title"},
		{"title with a bidi override", func(in *RoomInput) { in.Title = "abc\u202Edef" }, apperr.InputInvalid, "title"},
		{"title not UTF-8", func(in *RoomInput) { in.Title = "caf\xe9" }, apperr.InputInvalid, "title"},
		{"language missing", func(in *RoomInput) { in.Language = "  " }, apperr.InputRequired, "language"},
		{"language unknown", func(in *RoomInput) { in.Language = "fr" }, apperr.InputInvalid, "language"},
		{"level missing", func(in *RoomInput) { in.Level = "" }, apperr.InputRequired, "level"},
		{"level unknown", func(in *RoomInput) { in.Level = "beginner" }, apperr.InputInvalid, "level"},
		{"situation missing", func(in *RoomInput) { in.Situation = " \n\t " }, apperr.InputRequired, "situation"},
		{"situation too long", func(in *RoomInput) { in.Situation = strings.Repeat("あ", MaxSituation+1) }, apperr.InputTooLong, "situation"},
		{"situation with NUL", func(in *RoomInput) { in.Situation = "a\x00b" }, apperr.InputInvalid, "situation"},
		{"situation with escape", func(in *RoomInput) { in.Situation = "a\x1b[31mb" }, apperr.InputInvalid, "situation"},
		{"my role missing", func(in *RoomInput) { in.MyRole = "" }, apperr.InputRequired, "myRole"},
		{"my role too long", func(in *RoomInput) { in.MyRole = strings.Repeat("x", MaxRole+1) }, apperr.InputTooLong, "myRole"},
		{"my role with tab", func(in *RoomInput) { in.MyRole = "a\tb" }, apperr.InputInvalid, "myRole"},
		{"AI role missing", func(in *RoomInput) { in.AIRole = "\u3000" }, apperr.InputRequired, "aiRole"},
		{"AI role only zero-width", func(in *RoomInput) { in.AIRole = "\u200b\u200d\u2060" }, apperr.InputRequired, "aiRole"},
		{"situation only Hangul fillers", func(in *RoomInput) { in.Situation = "\u3164\u115f \u2800" }, apperr.InputRequired, "situation"},
		{"AI role too long", func(in *RoomInput) { in.AIRole = strings.Repeat("役", MaxRole+1) }, apperr.InputTooLong, "aiRole"},
		{"AI role with DEL", func(in *RoomInput) { in.AIRole = "a\x7fb" }, apperr.InputInvalid, "aiRole"},
		{"goal too long", func(in *RoomInput) { in.Goal = strings.Repeat("g", MaxGoal+1) }, apperr.InputTooLong, "goal"},
		{"goal with a C1 control", func(in *RoomInput) { in.Goal = "a\u0085b" }, apperr.InputInvalid, "goal"},
		{"formality unknown", func(in *RoomInput) { in.Formality = "rude" }, apperr.InputInvalid, "formality"},
		{"preset unknown", func(in *RoomInput) { in.PresetID = "moon-landing" }, apperr.InputInvalid, "presetId"},
	}
	e := newEnv(t)
	alice := e.user("alice")
	saved := e.create(alice, "saved")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := goodInput()
			c.edit(&in)
			errs := Validate(in)
			if len(errs) != 1 {
				t.Fatalf("Validate gave %d errors %v, want exactly one", len(errs), errs)
			}
			if errs[0].Code != c.code || errs[0].Field != c.field {
				t.Fatalf("got %s on %q, want %s on %q", errs[0].Code, errs[0].Field, c.code, c.field)
			}
			// Saving gives the same coded error, and saves nothing.
			_, createErr := e.svc.Create(alice, in)
			_, updateErr := e.svc.Update(alice, saved.ID, in)
			for _, err := range []error{createErr, updateErr} {
				var ae *apperr.Error
				if !errors.As(err, &ae) || ae.Code != c.code || ae.Field != c.field {
					t.Fatalf("saving gave %v, want %s on %q", err, c.code, c.field)
				}
			}
			if rooms := e.list(alice); len(rooms) != 1 || rooms[0] != saved {
				t.Fatalf("a refused room changed the list: %+v", rooms)
			}
		})
	}
}

func TestAllBadFieldsAreReportedInFormOrder(t *testing.T) {
	errs := Validate(RoomInput{Title: strings.Repeat("t", 81), Language: "xx", Formality: "loud"})
	var got []string
	for _, e := range errs {
		got = append(got, e.Field+":"+e.Code)
	}
	want := "title:input.too_long language:input.invalid level:input.required situation:input.required " +
		"myRole:input.required aiRole:input.required formality:input.invalid"
	if strings.Join(got, " ") != want {
		t.Fatalf("errors:\n got %v\nwant %s", got, want)
	}
}

func TestLimitsCountCharactersNotBytes(t *testing.T) {
	in := goodInput()
	in.Title = strings.Repeat("한", MaxTitle)         // 240 bytes, 80 characters
	in.Situation = strings.Repeat("の", MaxSituation) // exactly at the limit
	in.MyRole = strings.Repeat("👩", MaxRole)
	in.AIRole = strings.Repeat("b", MaxRole)
	in.Goal = strings.Repeat("目", MaxGoal)
	if errs := Validate(in); len(errs) != 0 {
		t.Fatalf("fields at the limit were refused: %v", errs)
	}
}

func TestDecomposedHangulCountsAsTheSyllablesItShows(t *testing.T) {
	// "한" as three conjoining jamo (U+1112 U+1161 U+11AB): NFC makes it one character.
	in := goodInput()
	in.Title = strings.Repeat("\u1112\u1161\u11ab", MaxTitle)
	out, errs := prepare(in)
	if len(errs) != 0 {
		t.Fatalf("80 decomposed syllables were refused: %v", errs)
	}
	if out.Title != strings.Repeat("한", MaxTitle) {
		t.Fatalf("title was not stored in NFC")
	}
}

func TestFieldsAreTrimmedAndCanonicalised(t *testing.T) {
	in := RoomInput{
		Title: "  Coffee  ", Language: " JA ", Level: "b1", Situation: "\r\n line one\r\nline two \n",
		MyRole: "\tGuest ", AIRole: " Host", Goal: "  ", Formality: " Casual ",
	}
	out, errs := prepare(in)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	want := RoomInput{
		Title: "Coffee", Language: "ja", Level: "B1", Situation: "line one\nline two",
		MyRole: "Guest", AIRole: "Host", Goal: "", Formality: "casual",
	}
	if out != want {
		t.Fatalf("got  %+v\nwant %+v", out, want)
	}
}

func TestSituationAndGoalMayHaveSeveralLines(t *testing.T) {
	in := goodInput()
	in.Situation = "First line.\n\tSecond line."
	in.Goal = "one\ntwo"
	if errs := Validate(in); len(errs) != 0 {
		t.Fatal(errs)
	}
}

func TestEnglishRoomsDropFormality(t *testing.T) {
	in := goodInput()
	in.Language = "en"
	in.Formality = "polite"
	out, errs := prepare(in)
	if len(errs) != 0 {
		t.Fatalf("a leftover formality blocked saving an English room: %v", errs)
	}
	if out.Formality != "" {
		t.Fatalf("English room kept formality %q", out.Formality)
	}
	for _, lang := range []string{"ko", "ja"} {
		in.Language = lang
		if out, _ := prepare(in); out.Formality != "polite" {
			t.Fatalf("%s room lost its formality: %q", lang, out.Formality)
		}
	}
}

func TestABlankTitleComesFromThePresetInTheRoomsLanguage(t *testing.T) {
	in := goodInput()
	in.Title = ""
	in.PresetID = "doctor"
	in.Language = "ja"
	out, errs := prepare(in)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if out.Title != "病院で診察を受ける" {
		t.Fatalf("title = %q", out.Title)
	}
}

func TestABlankTitleComesFromTheStartOfTheSituation(t *testing.T) {
	cases := []struct{ situation, want string }{
		{"Buying a train ticket.\nThe clerk is in a hurry.", "Buying a train ticket."},
		{"I am at a very crowded farmers market on a Saturday morning looking for fresh fruit",
			"I am at a very crowded farmers market on…"},
		{"週末の朝、とても混んでいる駅前の市場で新鮮な果物と野菜を探していますが、値段がよく分かりません。",
			"週末の朝、とても混んでいる駅前の市場で新鮮な果物と野菜を探していますが…"},
		{strings.Repeat("가", 50), strings.Repeat("가", 40) + "…"},
	}
	for _, c := range cases {
		in := goodInput()
		in.Title = ""
		in.Situation = c.situation
		out, errs := prepare(in)
		if len(errs) != 0 {
			t.Fatal(errs)
		}
		if out.Title != c.want {
			t.Errorf("situation %q: title %q, want %q", c.situation, out.Title, c.want)
		}
		if n := len([]rune(out.Title)); n > MaxTitle {
			t.Errorf("default title is %d characters", n)
		}
	}
}

// A field far past its limit is refused by its size alone, before any
// normalising or rune checks: the invalid byte in it is never looked at.
func TestAnOversizedFieldIsRefusedBeforeItIsNormalised(t *testing.T) {
	huge := strings.Repeat("a", 1<<20) + "\xff"
	for _, field := range []string{"title", "situation", "myRole", "goal", "language", "presetId"} {
		in := goodInput()
		switch field {
		case "title":
			in.Title = huge
		case "situation":
			in.Situation = huge
		case "myRole":
			in.MyRole = huge
		case "goal":
			in.Goal = huge
		case "language":
			in.Language = huge
		case "presetId":
			in.PresetID = huge
		}
		errs := Validate(in)
		if len(errs) != 1 || errs[0].Code != apperr.InputTooLong || errs[0].Field != field {
			t.Errorf("%s: got %v, want only input.too_long", field, errs)
		}
	}
	// Decomposed text that composes to within the limit is still accepted.
	in := goodInput()
	in.Title = strings.Repeat("\u1112\u1161\u11ab", MaxTitle) // 80 syllables as 240 jamo
	if errs := Validate(in); len(errs) != 0 {
		t.Fatalf("decomposed title at the limit was refused: %v", errs)
	}
}
