// Package progress sums up a learner's practice per language: minutes,
// sessions, lines and words they wrote, the day streak and the phrases they
// have learned, with a daily series for a small chart. Days are the
// learner's own: counted in their time zone, so a line at 23:50 and one at
// 00:10 fall on two days, and a day of 23 or 25 hours (a daylight-saving
// change) is still one day.
package progress

import (
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // time zones on systems without a zone database (Windows)

	"parley/backend/apperr"
)

// SessionGap ends a session: a pause this long starts a new one.
const SessionGap = 30 * time.Minute

// ChartDays is how many days the daily series covers, today included.
const ChartDays = 14

// Line is one message of a conversation.
type Line struct {
	RoomID   string
	Language string
	Learner  bool // written by the learner
	Words    int  // the learner's words in it (0 for the AI's lines)
	At       time.Time
}

// Phrase is what progress needs of a saved phrase.
type Phrase struct {
	Language string
	Learned  bool // it has passed its learning steps
}

// Day is one day of the chart, in the learner's time zone.
type Day struct {
	Date  string `json:"date"` // YYYY-MM-DD
	Lines int    `json:"lines"`
	Words int    `json:"words"`
	// CheckedWords are the words of the lines the coach checked that day and
	// Corrections the changes it made in them; Per100 is their rate, nil
	// (null) on a day with nothing checked, which the chart leaves blank.
	CheckedWords int      `json:"checkedWords"`
	Corrections  int      `json:"corrections"`
	Per100       *float64 `json:"per100"`
}

// Checked is what the coach found in one day's lines of one language.
type Checked struct {
	Language    string
	Date        string // YYYY-MM-DD in the learner's time zone
	Words       int    // words of the lines checked
	Corrections int    // changes the coach made in them
}

// Language is the progress in one practice language.
type Language struct {
	Language       string `json:"language"`
	Minutes        int    `json:"minutes"`
	Sessions       int    `json:"sessions"`
	Lines          int    `json:"lines"`
	Words          int    `json:"words"`
	Streak         int    `json:"streak"` // days in a row with a learner line, up to today (or yesterday)
	PracticedToday bool   `json:"practicedToday"`
	PhrasesSaved   int    `json:"phrasesSaved"`
	PhrasesLearned int    `json:"phrasesLearned"`
	Days           []Day  `json:"days"` // the last ChartDays days, oldest first
	// Per100 is corrections per 100 checked words over the chart's days, nil
	// when the coach checked nothing then.
	Per100 *float64 `json:"per100"`
}

// Location loads the learner's time zone by its IANA name ("" is UTC).
func Location(name string) (*time.Location, error) {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, apperr.Field(apperr.InputInvalid, "timeZone", "unknown time zone")
	}
	return loc, nil
}

func dayOf(t time.Time, loc *time.Location) string { return t.In(loc).Format(time.DateOnly) }

// Summarize computes the progress per language at now, days in loc. Languages
// with neither lines nor phrases are left out; the rest come sorted by name.
func Summarize(lines []Line, phrases []Phrase, loc *time.Location, now time.Time) []Language {
	by := map[string]*Language{}
	get := func(lang string) *Language {
		if by[lang] == nil {
			by[lang] = &Language{Language: lang}
		}
		return by[lang]
	}
	// Sessions are per room: lines of one room, oldest first, split at long pauses.
	sort.SliceStable(lines, func(i, j int) bool {
		if lines[i].RoomID != lines[j].RoomID {
			return lines[i].RoomID < lines[j].RoomID
		}
		return lines[i].At.Before(lines[j].At)
	})
	practiced := map[string]map[string]*Day{}
	var start, last time.Time
	for i, l := range lines {
		p := get(l.Language)
		newSession := i == 0 || lines[i-1].RoomID != l.RoomID || l.At.Sub(lines[i-1].At) > SessionGap
		if newSession {
			if i > 0 {
				addSession(get(lines[i-1].Language), start, last)
			}
			start = l.At
		}
		last = l.At
		if !l.Learner {
			continue
		}
		p.Lines++
		p.Words += l.Words
		if practiced[l.Language] == nil {
			practiced[l.Language] = map[string]*Day{}
		}
		d := dayOf(l.At, loc)
		if practiced[l.Language][d] == nil {
			practiced[l.Language][d] = &Day{Date: d}
		}
		practiced[l.Language][d].Lines++
		practiced[l.Language][d].Words += l.Words
	}
	if len(lines) > 0 {
		addSession(get(lines[len(lines)-1].Language), start, last)
	}
	for _, ph := range phrases {
		p := get(ph.Language)
		p.PhrasesSaved++
		if ph.Learned {
			p.PhrasesLearned++
		}
	}
	today := now.In(loc)
	var out []Language
	for lang, p := range by {
		days := practiced[lang]
		p.PracticedToday = days[dayOf(now, loc)] != nil
		p.Streak = streak(days, today)
		for i := ChartDays - 1; i >= 0; i-- {
			// Calendar days, not 24-hour steps: a DST change keeps one date per day.
			d := time.Date(today.Year(), today.Month(), today.Day()-i, 12, 0, 0, 0, loc).Format(time.DateOnly)
			if days[d] != nil {
				p.Days = append(p.Days, *days[d])
			} else {
				p.Days = append(p.Days, Day{Date: d})
			}
		}
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Language < out[j].Language })
	return out
}

// per100 is corrections per 100 words, rounded to one decimal; nil without words.
func per100(corrections, words int) *float64 {
	if words <= 0 {
		return nil
	}
	r := float64(int(float64(corrections)*1000/float64(words)+0.5)) / 10
	return &r
}

// AddCorrections puts the coach's checks into the chart: per day, the words
// checked, the corrections and their rate per 100 words, and the rate over
// the chart's days per language. Days outside the chart and languages with
// no progress are left out.
func AddCorrections(langs []Language, checks []Checked) {
	for i := range langs {
		l := &langs[i]
		at := map[string]int{}
		for j, d := range l.Days {
			at[d.Date] = j
		}
		words, corrections := 0, 0
		for _, c := range checks {
			j, ok := at[c.Date]
			if c.Language != l.Language || !ok {
				continue
			}
			d := &l.Days[j]
			d.CheckedWords += c.Words
			d.Corrections += c.Corrections
			d.Per100 = per100(d.Corrections, d.CheckedWords)
			words += c.Words
			corrections += c.Corrections
		}
		l.Per100 = per100(corrections, words)
	}
}

// addSession counts a session; a single line (or a quick exchange) is a minute.
func addSession(p *Language, start, end time.Time) {
	p.Sessions++
	p.Minutes += max(1, int(end.Sub(start).Round(time.Minute)/time.Minute))
}

// streak counts the days in a row with practice, ending today, or yesterday
// when the learner has not practised yet today (the streak is not lost
// before the day is over).
func streak(days map[string]*Day, today time.Time) int {
	n := 0
	d := time.Date(today.Year(), today.Month(), today.Day(), 12, 0, 0, 0, today.Location())
	if days[d.Format(time.DateOnly)] == nil {
		d = d.AddDate(0, 0, -1)
	}
	for days[d.Format(time.DateOnly)] != nil {
		n++
		d = d.AddDate(0, 0, -1)
	}
	return n
}

// CountWords counts the words of a line: spaces separate words in Korean and
// English; Japanese, written without them, is counted by the analyser (see
// reading.CountJapaneseWords), which the caller passes as ja.
func CountWords(language, text string, ja func(string) int) int {
	if language == "ja" && ja != nil {
		return ja(text)
	}
	n := 0
	for _, f := range strings.Fields(text) {
		if strings.IndexFunc(f, func(r rune) bool { return r > ' ' && !strings.ContainsRune(".,!?;:…-—\"'()", r) }) >= 0 {
			n++
		}
	}
	return n
}
