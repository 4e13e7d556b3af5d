package room

import "slices"

// Localized is one text in each language a room can be practised in.
type Localized struct {
	Ko string `json:"ko"`
	En string `json:"en"`
	Ja string `json:"ja"`
}

// In returns the text in lang, or "" for an unknown language.
func (l Localized) In(lang string) string {
	switch lang {
	case Korean:
		return l.Ko
	case English:
		return l.En
	case Japanese:
		return l.Ja
	}
	return ""
}

// Preset is a ready-made situation a room can start from. Every text exists in
// all three languages, so the form can be filled in whichever language the
// learner practises (or reads the app in).
type Preset struct {
	ID    string `json:"id"`
	Emoji string `json:"emoji"`
	// Level is the CEFR level the situation suits best; the learner may change it.
	Level string `json:"level"`
	// Formality is the register the situation usually calls for in Korean and
	// Japanese (polite with a doctor, casual with a friend).
	Formality  string    `json:"formality"`
	Titles     Localized `json:"titles"`
	Situations Localized `json:"situations"`
	MyRoles    Localized `json:"myRoles"`
	AIRoles    Localized `json:"aiRoles"`
	Goals      Localized `json:"goals"`
	// Missions are Goals as two to four can-do goals the coach ticks off.
	Missions []Localized `json:"missions"`
}

// Presets returns the ready-made situations in the order the picker shows
// them. The slice is a copy: callers may change it freely.
func Presets() []Preset { return slices.Clone(presets) }

// PresetByID finds a preset by its id.
func PresetByID(id string) (Preset, bool) {
	for _, p := range presets {
		if p.ID == id {
			return p, true
		}
	}
	return Preset{}, false
}

// Input returns the room form filled in from p, in lang.
func (p Preset) Input(lang string) RoomInput {
	in := RoomInput{
		Title:     p.Titles.In(lang),
		Language:  lang,
		Level:     p.Level,
		Situation: p.Situations.In(lang),
		MyRole:    p.MyRoles.In(lang),
		AIRole:    p.AIRoles.In(lang),
		Goal:      p.Goals.In(lang),
		PresetID:  p.ID,
	}
	if lang != English {
		in.Formality = p.Formality
	}
	return in
}
