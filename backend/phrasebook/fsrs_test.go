package phrasebook

import (
	"math"
	"testing"
	"time"
)

// The reference scheduler's published test vectors (open-spaced-repetition's
// py-fsrs, FSRS-6 with default parameters, fuzzing off): the days between
// reviews for 13 answers, each review on the day the last one set.
func TestIntervalsMatchTheReferenceScheduler(t *testing.T) {
	s := newScheduler(nil)
	now := time.Date(2022, 11, 29, 12, 30, 0, 0, time.UTC)
	c := NewCard(now)
	answers := []Rating{Good, Good, Good, Good, Good, Good, Again, Again, Good, Good, Good, Good, Good}
	var got []int
	for _, r := range answers {
		c = s.Review(c, r, now)
		got = append(got, wholeDays(c.Due.Sub(c.LastReview)))
		now = c.Due
	}
	want := []int{0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("intervals = %v, want %v", got, want)
		}
	}
}

// The reference's memory-state vector: stability and difficulty after
// Again, Good×5 reviewed 0, 0, 1, 3, 8 and 21 days apart.
func TestMemoryStateMatchesTheReferenceScheduler(t *testing.T) {
	s := newScheduler(nil)
	now := time.Date(2022, 11, 29, 12, 30, 0, 0, time.UTC)
	c := NewCard(now)
	for i, r := range []Rating{Again, Good, Good, Good, Good, Good} {
		now = now.Add(time.Duration([]int{0, 0, 1, 3, 8, 21}[i]) * day)
		c = s.Review(c, r, now)
	}
	if math.Abs(c.Stability-53.62691) > 1e-4 || math.Abs(c.Difficulty-6.3574867) > 1e-4 {
		t.Errorf("stability %.5f difficulty %.7f, want 53.62691 and 6.3574867", c.Stability, c.Difficulty)
	}
}

func TestLearningStepsAndLapses(t *testing.T) {
	s := newScheduler(nil)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	c := NewCard(now)
	for _, step := range []struct {
		r     Rating
		due   time.Duration
		state string
	}{
		{Hard, 330 * time.Second, StateLearning}, // between the 1 and 10 minute steps
		{Again, time.Minute, StateLearning},
		{Good, 10 * time.Minute, StateLearning},
	} {
		c = s.Review(c, step.r, now)
		if c.Due.Sub(now) != step.due || c.State != step.state {
			t.Fatalf("after %d: due in %v, %s", step.r, c.Due.Sub(now), c.State)
		}
		now = c.Due
	}
	c = s.Review(c, Good, now)
	if c.State != StateReview || c.Due.Sub(now) < day {
		t.Fatalf("graduated: %+v", c)
	}
	now = c.Due
	c = s.Review(c, Again, now)
	if c.State != StateRelearning || c.Due.Sub(now) != 10*time.Minute || c.Lapses != 1 {
		t.Errorf("lapse: %+v", c)
	}
	// Easy many times in a row drives difficulty to its floor.
	e := NewCard(now)
	for i := range 10 {
		e = s.Review(e, Easy, now.Add(time.Duration(i)*time.Microsecond))
	}
	if e.Difficulty != 1 {
		t.Errorf("difficulty after 10 Easy = %v", e.Difficulty)
	}
}

func TestFuzzKeepsIntervalsNearTheirValue(t *testing.T) {
	for _, f := range []float64{0, 0.5, 0.999} {
		s := newScheduler(func() float64 { return f })
		for _, days := range []int{1, 2, 3, 10, 100} {
			got := wholeDays(s.fuzzed(time.Duration(days) * day))
			// As in the reference, the pick can land one day past the rounded range.
			if days < 3 && got != days || got < days*8/10-1 || got > days*12/10+2 {
				t.Errorf("fuzz %.1f: %d days → %d", f, days, got)
			}
		}
	}
}
