package core

import (
	"parley/backend/chat"
	"parley/backend/phrasebook"
	"parley/backend/progress"
	"parley/backend/reading"
	"parley/backend/userdata"
)

// progressPage is how many messages Progress reads at a time.
const progressPage = 200

// Progress sums up the learner's practice per language, days counted in the
// time zone the UI names (IANA, e.g. "Asia/Seoul"). It reads every room's
// conversation through chat, rooms in the trash included: that practice
// happened too.
func (c *Core) Progress(s *userdata.Scope, timeZone string) ([]progress.Language, error) {
	loc, err := progress.Location(timeZone)
	if err != nil {
		return nil, err
	}
	active, err := c.ListRooms(s)
	if err != nil {
		return nil, err
	}
	trashed, err := c.ListTrash(s)
	if err != nil {
		return nil, err
	}
	var lines []progress.Line
	for _, r := range append(active, trashed...) {
		before := uint64(0)
		for {
			page, err := c.chat.ListMessages(s, r.ID, before, progressPage)
			if err != nil {
				return nil, err
			}
			for _, m := range page.Messages {
				l := progress.Line{RoomID: r.ID, Language: r.Language, Learner: m.Role == chat.RoleUser, At: m.CreatedAt}
				if l.Learner {
					l.Words = progress.CountWords(r.Language, m.Text, reading.CountJapaneseWords)
				}
				lines = append(lines, l)
			}
			if !page.HasMore || len(page.Messages) == 0 {
				break
			}
			before = page.Messages[0].ID
		}
	}
	saved, err := c.phrases.List(s, phrasebook.Query{})
	if err != nil {
		return nil, err
	}
	phrases := make([]progress.Phrase, len(saved))
	for i, p := range saved {
		phrases[i] = progress.Phrase{Language: p.Language, Learned: p.Card.State == phrasebook.StateReview}
	}
	out := progress.Summarize(lines, phrases, loc, c.now())
	checked, err := c.coach.CheckedDays(s, loc, func(language, text string) int {
		return progress.CountWords(language, text, reading.CountJapaneseWords)
	})
	if err != nil {
		return nil, err
	}
	checks := make([]progress.Checked, len(checked))
	for i, d := range checked {
		checks[i] = progress.Checked{Language: d.Language, Date: d.Date, Words: d.Words, Corrections: d.Changes}
	}
	progress.AddCorrections(out, checks)
	if out == nil {
		out = []progress.Language{}
	}
	return out, nil
}
