package room

import (
	"slices"
	"testing"
)

func TestEveryEverydaySceneHasAPreset(t *testing.T) {
	want := []string{"cafe", "airport-checkin", "job-interview", "doctor", "hotel", "directions",
		"shopping", "restaurant", "phone-call", "meeting-friend", "school", "business-meeting"}
	var ids []string
	for _, p := range Presets() {
		ids = append(ids, p.ID)
	}
	for _, id := range want {
		if !slices.Contains(ids, id) {
			t.Errorf("no %q preset", id)
		}
	}
	if len(ids) < 12 {
		t.Errorf("%d presets, want at least 12", len(ids))
	}
	slices.Sort(ids)
	if len(slices.Compact(ids)) != len(Presets()) {
		t.Errorf("preset ids are not unique")
	}
}

func TestEveryPresetIsCompleteInEveryLanguageAndMakesAValidRoom(t *testing.T) {
	for _, p := range Presets() {
		if p.ID == "" || p.Emoji == "" || !slices.Contains(Levels, p.Level) {
			t.Errorf("preset %q: id, emoji or level missing: %+v", p.ID, p)
		}
		if p.Formality != FormalityPolite && p.Formality != FormalityCasual {
			t.Errorf("preset %q: formality %q", p.ID, p.Formality)
		}
		for _, lang := range []string{Korean, English, Japanese} {
			texts := map[string]string{
				"title": p.Titles.In(lang), "situation": p.Situations.In(lang),
				"myRole": p.MyRoles.In(lang), "aiRole": p.AIRoles.In(lang), "goal": p.Goals.In(lang),
			}
			for field, s := range texts {
				if s == "" {
					t.Errorf("preset %q has no %s in %s", p.ID, field, lang)
				}
			}
			in := p.Input(lang)
			out, errs := prepare(in)
			if len(errs) != 0 {
				t.Errorf("preset %q in %s is not a valid room: %v", p.ID, lang, errs)
				continue
			}
			if out != in {
				t.Errorf("preset %q in %s changed when cleaned (stray spaces or non-NFC text):\n%+v\n%+v", p.ID, lang, in, out)
			}
		}
	}
}

func TestPresetTextsAreWrittenInTheirOwnScript(t *testing.T) {
	// Guards against a text pasted into the wrong language slot.
	hasHangul := func(s string) bool {
		for _, r := range s {
			if r >= 0xAC00 && r <= 0xD7A3 {
				return true
			}
		}
		return false
	}
	hasKana := func(s string) bool {
		for _, r := range s {
			if r >= 0x3040 && r <= 0x30FF {
				return true
			}
		}
		return false
	}
	for _, p := range Presets() {
		for _, l := range []Localized{p.Titles, p.Situations, p.MyRoles, p.AIRoles, p.Goals} {
			if !hasHangul(l.Ko) || hasKana(l.Ko) {
				t.Errorf("preset %q: %q does not look Korean", p.ID, l.Ko)
			}
			if hasHangul(l.En) || hasKana(l.En) {
				t.Errorf("preset %q: %q does not look English", p.ID, l.En)
			}
			if hasHangul(l.Ja) {
				t.Errorf("preset %q: %q does not look Japanese", p.ID, l.Ja)
			}
		}
		if !hasKana(p.Situations.Ja) {
			t.Errorf("preset %q: Japanese situation has no kana", p.ID)
		}
	}
}

func TestChangingTheReturnedPresetsDoesNotChangeThePicker(t *testing.T) {
	ps := Presets()
	ps[0].Titles.En = "changed"
	if Presets()[0].Titles.En == "changed" {
		t.Fatal("Presets handed out its own slice")
	}
}

func TestEveryPresetHasTwoToFourMissionsInEveryLanguage(t *testing.T) {
	for _, p := range Presets() {
		if n := len(p.Missions); n < 2 || n > 4 {
			t.Errorf("%s has %d missions", p.ID, n)
		}
		for i, m := range p.Missions {
			for _, lang := range Languages {
				if m.In(lang) == "" {
					t.Errorf("%s mission %d has no %s text", p.ID, i+1, lang)
				}
			}
		}
	}
}
