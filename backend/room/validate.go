package room

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"parley/backend/apperr"
	"parley/backend/textclean"
)

// Validate checks every field of in and returns one error per bad field, in
// the order the form shows them (empty when in is acceptable). Each error is an
// *apperr.Error with Code input.required, input.too_long or input.invalid and
// Field set to the JSON field name, so the form can mark each field inline.
//
// Create and Update return only the first of these errors, because an error
// crossing to the UI carries one code; the form can call Validate (or a bound
// wrapper of it) before saving to show them all at once.
func Validate(in RoomInput) []*apperr.Error {
	_, errs := prepare(in)
	return errs
}

// prepare normalises in (NFC, trimmed, canonical case) and validates it. The
// returned input is what gets stored: the title is filled in when left blank,
// and a formality on an English room is dropped.
//
// English has no grammatical formality, so "polite"/"casual" there is
// normalised to "" rather than rejected: the form hides the control for
// English, and a value left over from switching language must not block
// saving a room.
func prepare(in RoomInput) (RoomInput, []*apperr.Error) {
	var errs []*apperr.Error
	add := func(e *apperr.Error) {
		if e != nil {
			errs = append(errs, e)
		}
	}
	// Oversized fields are refused before normalising them: NFC and the
	// checks below cost time in proportion to what the web view sent.
	for _, f := range rawFields(in) {
		if len(f.value) > rawLimit(f.max) {
			add(apperr.Field(apperr.InputTooLong, f.name, f.name+" is too long"))
		}
	}
	if len(errs) > 0 {
		return in, errs
	}

	out := RoomInput{
		Title:     cleanText(in.Title),
		Language:  strings.ToLower(cleanText(in.Language)),
		Level:     strings.ToUpper(cleanText(in.Level)),
		Situation: cleanText(in.Situation),
		MyRole:    cleanText(in.MyRole),
		AIRole:    cleanText(in.AIRole),
		Goal:      cleanText(in.Goal),
		Formality: strings.ToLower(cleanText(in.Formality)),
		PresetID:  cleanText(in.PresetID),
	}

	add(checkText("title", out.Title, false, MaxTitle, false))
	add(checkChoice("language", out.Language, true, Languages...))
	add(checkChoice("level", out.Level, true, Levels...))
	add(checkText("situation", out.Situation, true, MaxSituation, true))
	add(checkText("myRole", out.MyRole, true, MaxRole, false))
	add(checkText("aiRole", out.AIRole, true, MaxRole, false))
	add(checkText("goal", out.Goal, false, MaxGoal, true))
	add(checkChoice("formality", out.Formality, false, FormalityPolite, FormalityCasual))
	var preset *Preset
	if out.PresetID != "" {
		if p, ok := PresetByID(out.PresetID); ok {
			preset = &p
		} else {
			add(apperr.Field(apperr.InputInvalid, "presetId", "no such preset"))
		}
	}
	if len(errs) > 0 {
		return out, errs
	}

	if out.Language == English {
		out.Formality = FormalityAuto
	}
	if out.Title == "" {
		out.Title = defaultTitle(out, preset)
	}
	return out, nil
}

type rawField struct {
	name, value string
	max         int
}

// rawFields lists every field with its limit in characters; the choices
// (language, level, formality, preset) are short words.
func rawFields(in RoomInput) []rawField {
	const word = 32
	return []rawField{
		{"title", in.Title, MaxTitle}, {"language", in.Language, word}, {"level", in.Level, word},
		{"situation", in.Situation, MaxSituation}, {"myRole", in.MyRole, MaxRole}, {"aiRole", in.AIRole, MaxRole},
		{"goal", in.Goal, MaxGoal}, {"formality", in.Formality, word}, {"presetId", in.PresetID, word},
	}
}

// rawLimit is the most bytes a field of max characters can take before
// normalising: up to three code points (a decomposed syllable, a letter with
// marks) of up to four bytes each may compose into one character, and white
// space around it is trimmed.
func rawLimit(max int) int { return max*12 + 1024 }

// cleanText puts s in the one form we store and count: NFC (so "한" typed as
// three conjoining jamo counts as the one syllable it shows), Windows line
// ends turned into \n, and surrounding white space removed.
func cleanText(s string) string {
	if !utf8.ValidString(s) {
		// Left as is: checkText rejects it as input.invalid.
		return s
	}
	s = norm.NFC.String(s)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if textclean.IsBlank(s) {
		return "" // only invisible characters (zero-width, fillers) is as good as empty
	}
	return strings.TrimSpace(s)
}

// checkText validates a free-text field. multiline fields (situation, goal)
// may hold line breaks and tabs; no field may hold other control characters,
// nor the bidirectional overrides that can make a title display as something
// other than what it is.
func checkText(field, s string, required bool, max int, multiline bool) *apperr.Error {
	if s == "" {
		if required {
			return apperr.Field(apperr.InputRequired, field, field+" is required")
		}
		return nil
	}
	if !utf8.ValidString(s) {
		return apperr.Field(apperr.InputInvalid, field, field+" is not valid text")
	}
	for _, r := range s {
		if textclean.Forbidden(r, multiline) {
			return apperr.Field(apperr.InputInvalid, field, field+" contains a control character")
		}
	}
	if n := utf8.RuneCountInString(s); n > max {
		return apperr.Field(apperr.InputTooLong, field,
			fmt.Sprintf("%s is %d characters long; the limit is %d", field, n, max))
	}
	return nil
}

// checkChoice validates a field that must be one of allowed ("" only when not
// required).
func checkChoice(field, s string, required bool, allowed ...string) *apperr.Error {
	if s == "" {
		if required {
			return apperr.Field(apperr.InputRequired, field, field+" is required")
		}
		return nil
	}
	if !slices.Contains(allowed, s) {
		return apperr.Field(apperr.InputInvalid, field,
			fmt.Sprintf("%s must be one of %s", field, strings.Join(allowed, ", ")))
	}
	return nil
}

// defaultTitleLen is how much of the situation a blank title borrows: enough
// to recognise the room in the list.
const defaultTitleLen = 40

// defaultTitle names a room whose title was left blank: the preset's title in
// the room's language, or else the start of the situation's first line, cut
// at a word or clause boundary near the end when there is one (Japanese has no
// spaces, so its commas serve), and hard otherwise.
func defaultTitle(in RoomInput, preset *Preset) string {
	if preset != nil {
		if t := preset.Titles.In(in.Language); t != "" {
			return t
		}
	}
	line, _, _ := strings.Cut(in.Situation, "\n")
	line = strings.Join(strings.Fields(line), " ")
	runes := []rune(line)
	if len(runes) <= defaultTitleLen {
		return line
	}
	cut := defaultTitleLen
	for i := defaultTitleLen; i >= defaultTitleLen/2; i-- {
		if runes[i] == ' ' || strings.ContainsRune(clauseEnds, runes[i-1]) {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(runes[:cut]), " "+clauseEnds) + "…"
}

// clauseEnds are the marks after which a shortened title may stop.
const clauseEnds = ",.;:!?、。，！？"
