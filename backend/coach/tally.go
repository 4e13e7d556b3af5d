package coach

import (
	"sort"
	"time"

	"parley/backend/userdata"
)

// CheckedDay is what the coach found in one day's lines of one practice
// language: how many lines it checked, how many of their words, how many
// it corrected and how many changes those corrections made. Progress draws
// corrections per 100 words from it.
type CheckedDay struct {
	Language  string
	Date      string // YYYY-MM-DD in the learner's time zone
	Lines     int    // lines checked
	Words     int    // words in the lines checked
	Corrected int    // lines with a correction
	Changes   int    // changes in them (a correction without listed changes counts one)
}

// CheckedDays tallies every feedback the coach keeps for the user, rooms in
// the trash included, by practice language and by the day the line was
// checked in loc (the coach checks a line as it is sent, or on request).
// words counts a line's words in its language. Feedback the coach could not
// give is left out: nothing was checked. Sorted by language, then date.
func (s *Service) CheckedDays(scope *userdata.Scope, loc *time.Location, words func(language, text string) int) ([]CheckedDay, error) {
	type key struct{ lang, date string }
	by := map[key]*CheckedDay{}
	err := scope.View(func(tx *userdata.Tx) error {
		all, err := tx.Bucket(bucketNotes)
		if err != nil || all == nil {
			return err
		}
		return all.ForEachBucket(func(roomID string) error {
			b, err := tx.Bucket(notesBucket(roomID)...)
			if err != nil || b == nil {
				return err
			}
			return b.ForEach(func(k []byte) error {
				var n note
				if _, err := b.Get(k, &n); err != nil {
					if isDamage(err) {
						return nil // one damaged note only loses its count
					}
					return err
				}
				fb := n.Feedback
				if fb == nil || fb.Status != StatusReady || fb.CheckedAt.IsZero() {
					return nil
				}
				day := key{fb.Language, fb.CheckedAt.In(loc).Format(time.DateOnly)}
				d := by[day]
				if d == nil {
					d = &CheckedDay{Language: day.lang, Date: day.date}
					by[day] = d
				}
				d.Lines++
				d.Words += words(fb.Language, fb.Line)
				if fb.Verdict == VerdictCorrected {
					d.Corrected++
					d.Changes += max(1, len(fb.Changes))
				}
				return nil
			})
		})
	})
	if err != nil {
		return nil, err
	}
	out := make([]CheckedDay, 0, len(by))
	for _, d := range by {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Language != out[j].Language {
			return out[i].Language < out[j].Language
		}
		return out[i].Date < out[j].Date
	})
	return out, nil
}
