// Package phrasebook keeps the words and phrases a learner saves — from
// tap-a-word, corrections, hints, translations or the debrief — with the
// sentence they came from, and schedules their review with FSRS. Each user's
// phrases live sealed under their own root, one value per phrase.
package phrasebook

import (
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"parley/backend/apperr"
	"parley/backend/userdata"
)

var bucketPhrases = []string{"phrases"}

// Limits on what a phrase holds, in characters.
const (
	MaxText    = 300
	MaxMeaning = 1000
	MaxReading = 300
	MaxNote    = 1000
	MaxContext = 2000
)

// Sources of a phrase.
var sources = []string{"manual", "tap", "correction", "hint", "translation", "debrief"}

// PhraseInput is what the learner (or another feature) saves.
type PhraseInput struct {
	Text     string `json:"text"`     // the word or phrase, in the practice language
	Meaning  string `json:"meaning"`  // in the learner's UI language
	Reading  string `json:"reading"`  // furigana, romanisation or IPA
	Note     string `json:"note"`     // usage note
	Context  string `json:"context"`  // the sentence it came from
	Language string `json:"language"` // ko, en or ja
	RoomID   string `json:"roomId"`   // "" when not from a room
	Source   string `json:"source"`   // manual, tap, correction, hint, translation or debrief
}

// Phrase is a saved phrase with its review state.
type Phrase struct {
	ID uint64 `json:"id"`
	PhraseInput
	CreatedAt time.Time `json:"createdAt"`
	Card      Card      `json:"card"`
}

// Options configure a Service.
type Options struct {
	Now  func() time.Time // nil means time.Now
	Fuzz func() float64   // spreads review days; nil means math/rand, NoFuzz none
}

// NoFuzz turns off the spreading of review intervals (tests).
func NoFuzz() float64 { return -1 }

// Service is the phrasebook. It holds no user state and is safe for concurrent use.
type Service struct {
	now   func() time.Time
	sched scheduler
}

// New returns the phrasebook service.
func New(opt Options) *Service {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	fuzz := opt.Fuzz
	switch {
	case fuzz == nil:
		fuzz = rand.Float64
	case fuzz() < 0:
		fuzz = nil
	}
	return &Service{now: opt.Now, sched: newScheduler(fuzz)}
}

func (s *Service) tick() time.Time { return s.now().Round(0).UTC() }

func clean(v string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case unicode.IsControl(r) && r != '\n':
			return -1
		}
		return r
	}, v))
}

// check trims the input and refuses what does not fit, naming the field.
func check(in PhraseInput) (PhraseInput, error) {
	in.Text, in.Meaning, in.Reading = clean(in.Text), clean(in.Meaning), clean(in.Reading)
	in.Note, in.Context, in.RoomID = clean(in.Note), clean(in.Context), clean(in.RoomID)
	if in.Text == "" {
		return in, apperr.Field(apperr.InputRequired, "text", "enter the word or phrase")
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{{"text", in.Text, MaxText}, {"meaning", in.Meaning, MaxMeaning}, {"reading", in.Reading, MaxReading},
		{"note", in.Note, MaxNote}, {"context", in.Context, MaxContext}} {
		if utf8.RuneCountInString(f.v) > f.max {
			return in, apperr.Field(apperr.InputTooLong, f.name, "too long")
		}
	}
	if !slices.Contains([]string{"ko", "en", "ja"}, in.Language) {
		return in, apperr.Field(apperr.InputInvalid, "language", "the language is ko, en or ja")
	}
	if in.Source == "" {
		in.Source = "manual"
	}
	if !slices.Contains(sources, in.Source) {
		return in, apperr.Field(apperr.InputInvalid, "source", "unknown source")
	}
	return in, nil
}

// Save adds a phrase, due for its first review at once. Saving the same text
// in the same language again updates that phrase instead of adding a twin.
func (s *Service) Save(scope *userdata.Scope, in PhraseInput) (Phrase, error) {
	in, err := check(in)
	if err != nil {
		return Phrase{}, err
	}
	var out Phrase
	err = scope.Update(func(tx *userdata.Tx) error {
		b, err := tx.CreateBucket(bucketPhrases...)
		if err != nil {
			return err
		}
		var twin *Phrase
		err = forEach(b, func(p Phrase) error {
			if p.Language == in.Language && strings.EqualFold(p.Text, in.Text) {
				twin = &p
			}
			return nil
		})
		if err != nil {
			return err
		}
		if twin != nil {
			out = *twin
			out.PhraseInput = merge(twin.PhraseInput, in)
			return b.Put(userdata.U64Key(out.ID), out)
		}
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		now := s.tick()
		out = Phrase{ID: id, PhraseInput: in, CreatedAt: now, Card: NewCard(now)}
		return b.Put(userdata.U64Key(id), out)
	})
	return out, err
}

// merge keeps what the earlier save knew where the new one is empty.
func merge(old, in PhraseInput) PhraseInput {
	for _, f := range []struct {
		dst  *string
		prev string
	}{
		{&in.Meaning, old.Meaning}, {&in.Reading, old.Reading}, {&in.Note, old.Note}, {&in.Context, old.Context}, {&in.RoomID, old.RoomID},
	} {
		if *f.dst == "" {
			*f.dst = f.prev
		}
	}
	return in
}

// Update replaces a phrase's text and notes; its review state stays.
func (s *Service) Update(scope *userdata.Scope, id uint64, in PhraseInput) (Phrase, error) {
	in, err := check(in)
	if err != nil {
		return Phrase{}, err
	}
	var out Phrase
	err = s.change(scope, id, func(p *Phrase) error {
		in.Source = p.Source
		p.PhraseInput = in
		out = *p
		return nil
	})
	return out, err
}

// Delete removes phrases; ids already gone are not an error.
func (s *Service) Delete(scope *userdata.Scope, ids []uint64) error {
	return scope.Update(func(tx *userdata.Tx) error {
		b, err := tx.Bucket(bucketPhrases...)
		if err != nil || b == nil {
			return err
		}
		for _, id := range ids {
			if err := b.Delete(userdata.U64Key(id)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Query filters the list: Search matches text, meaning, reading, note and
// context without regard to case; Language "" means all.
type Query struct {
	Search   string `json:"search"`
	Language string `json:"language"`
}

// List returns the matching phrases, newest first.
func (s *Service) List(scope *userdata.Scope, q Query) ([]Phrase, error) {
	needle := strings.ToLower(strings.TrimSpace(q.Search))
	out := []Phrase{}
	err := s.each(scope, func(p Phrase) error {
		if q.Language != "" && p.Language != q.Language {
			return nil
		}
		if needle != "" && !strings.Contains(strings.ToLower(strings.Join([]string{p.Text, p.Meaning, p.Reading, p.Note, p.Context}, "\n")), needle) {
			return nil
		}
		out = append(out, p)
		return nil
	})
	slices.Reverse(out)
	return out, err
}

// Due is the review queue: the phrases due now, the soonest first, and how many.
type Due struct {
	Phrases []Phrase `json:"phrases"`
	Count   int      `json:"count"`
}

// DueNow returns up to limit due phrases (0 means all) and the total due.
func (s *Service) DueNow(scope *userdata.Scope, limit int) (Due, error) {
	now := s.tick()
	d := Due{Phrases: []Phrase{}}
	err := s.each(scope, func(p Phrase) error {
		if !p.Card.Due.After(now) {
			d.Phrases = append(d.Phrases, p)
		}
		return nil
	})
	slices.SortStableFunc(d.Phrases, func(a, b Phrase) int { return a.Card.Due.Compare(b.Card.Due) })
	d.Count = len(d.Phrases)
	if limit > 0 && len(d.Phrases) > limit {
		d.Phrases = d.Phrases[:limit]
	}
	return d, err
}

// Rate records the learner's answer to a phrase's review and schedules the next.
func (s *Service) Rate(scope *userdata.Scope, id uint64, r Rating) (Phrase, error) {
	if r < Again || r > Easy {
		return Phrase{}, apperr.Field(apperr.InputInvalid, "rating", "the rating is 1 to 4")
	}
	var out Phrase
	err := s.change(scope, id, func(p *Phrase) error {
		p.Card = s.sched.Review(p.Card, r, s.tick())
		out = *p
		return nil
	})
	return out, err
}

func (s *Service) change(scope *userdata.Scope, id uint64, fn func(p *Phrase) error) error {
	return scope.Update(func(tx *userdata.Tx) error {
		b, err := tx.Bucket(bucketPhrases...)
		if err != nil {
			return err
		}
		var p Phrase
		found := false
		if b != nil {
			if found, err = b.Get(userdata.U64Key(id), &p); err != nil {
				return err
			}
		}
		if !found {
			return apperr.New(apperr.PhraseNotFound, "no such phrase")
		}
		if err := fn(&p); err != nil {
			return err
		}
		return b.Put(userdata.U64Key(id), p)
	})
}

func (s *Service) each(scope *userdata.Scope, fn func(p Phrase) error) error {
	return scope.View(func(tx *userdata.Tx) error {
		b, err := tx.Bucket(bucketPhrases...)
		if err != nil || b == nil {
			return err
		}
		return forEach(b, fn)
	})
}

func forEach(b *userdata.Bucket, fn func(p Phrase) error) error {
	return b.ForEach(func(k []byte) error {
		var p Phrase
		if _, err := b.Get(k, &p); err != nil {
			return err
		}
		return fn(p)
	})
}
