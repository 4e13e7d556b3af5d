package phrasebook

import (
	"math"
	"time"
)

// This file schedules reviews with FSRS-6, the current algorithm of the
// open-spaced-repetition project, with its published default parameters,
// 90 % desired retention, learning steps of 1 and 10 minutes and a
// relearning step of 10 minutes (the reference scheduler's defaults). It is
// checked against the reference implementation's published intervals in
// fsrs_test.go.

// Rating is the learner's answer to a review.
type Rating int

// The four answers, as on the review screen's keys 1–4.
const (
	Again Rating = 1
	Hard  Rating = 2
	Good  Rating = 3
	Easy  Rating = 4
)

// Card states.
const (
	StateLearning   = "learning"
	StateReview     = "review"
	StateRelearning = "relearning"
)

// defaultW is FSRS-6's default parameter set (w0–w20).
var defaultW = [21]float64{
	0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666,
	0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
}

const (
	desiredRetention = 0.9
	maximumInterval  = 36500 // days
	stabilityMin     = 0.001
	day              = 24 * time.Hour
)

var (
	learningSteps   = []time.Duration{time.Minute, 10 * time.Minute}
	relearningSteps = []time.Duration{10 * time.Minute}
)

// Card is a phrase's memory state. A new card is in StateLearning at step 0
// with no stability yet (Stability 0).
type Card struct {
	State      string    `json:"state"`
	Step       int       `json:"step"`
	Stability  float64   `json:"stability,omitempty"`
	Difficulty float64   `json:"difficulty,omitempty"`
	Due        time.Time `json:"due"`
	LastReview time.Time `json:"lastReview,omitzero"`
	Reps       int       `json:"reps"`
	Lapses     int       `json:"lapses"`
}

// NewCard is a card due at once.
func NewCard(now time.Time) Card { return Card{State: StateLearning, Due: now} }

// scheduler holds the derived constants; fuzz picks a number in [0, 1) for
// spreading review intervals, or is nil for none (tests).
type scheduler struct {
	w      [21]float64
	decay  float64
	factor float64
	fuzz   func() float64
}

func newScheduler(fuzz func() float64) scheduler {
	s := scheduler{w: defaultW, fuzz: fuzz}
	s.decay = -s.w[20]
	s.factor = math.Pow(0.9, 1/s.decay) - 1
	return s
}

// retrievability is the chance of recall at now.
func (s scheduler) retrievability(c Card, now time.Time) float64 {
	if c.LastReview.IsZero() {
		return 0
	}
	elapsed := math.Max(0, float64(wholeDays(now.Sub(c.LastReview))))
	return math.Pow(1+s.factor*elapsed/c.Stability, s.decay)
}

// wholeDays is a duration in whole days, rounded down (as Python's timedelta.days).
func wholeDays(d time.Duration) int {
	n := int(d / day)
	if d < 0 && d%day != 0 {
		n--
	}
	return n
}

// Review returns the card after the learner answered r at now.
func (s scheduler) Review(c Card, r Rating, now time.Time) Card {
	c.Reps++
	hasMemory := c.Stability > 0
	sameDay := !c.LastReview.IsZero() && wholeDays(now.Sub(c.LastReview)) < 1
	var next time.Duration

	updateMemory := func(updateDifficulty bool) {
		switch {
		case !hasMemory:
			c.Stability = math.Max(s.w[r-1], stabilityMin)
			c.Difficulty = clampD(s.initialDifficulty(r))
		case sameDay:
			c.Stability = s.shortTermStability(c.Stability, r)
			if updateDifficulty {
				c.Difficulty = s.nextDifficulty(c.Difficulty, r)
			}
		default:
			c.Stability = s.nextStability(c.Difficulty, c.Stability, s.retrievability(c, now), r)
			if updateDifficulty {
				c.Difficulty = s.nextDifficulty(c.Difficulty, r)
			}
		}
	}

	toReview := func() {
		c.State, c.Step = StateReview, 0
		next = time.Duration(s.interval(c.Stability)) * day
	}
	steps := func(list []time.Duration) {
		switch {
		case c.Step >= len(list) && r != Again:
			toReview()
		case r == Again:
			c.Step = 0
			next = list[0]
		case r == Hard:
			switch {
			case c.Step == 0 && len(list) == 1:
				next = list[0] * 3 / 2
			case c.Step == 0:
				next = (list[0] + list[1]) / 2
			default:
				next = list[c.Step]
			}
		case r == Good:
			if c.Step+1 == len(list) {
				toReview()
			} else {
				c.Step++
				next = list[c.Step]
			}
		default: // Easy
			toReview()
		}
	}

	switch c.State {
	case StateReview:
		updateMemory(false)
		c.Difficulty = s.nextDifficulty(c.Difficulty, r)
		if r == Again {
			c.Lapses++
			c.State, c.Step = StateRelearning, 0
			next = relearningSteps[0]
		} else {
			next = time.Duration(s.interval(c.Stability)) * day
		}
	case StateRelearning:
		updateMemory(true)
		steps(relearningSteps)
	default:
		c.State = StateLearning
		updateMemory(true)
		steps(learningSteps)
	}
	if s.fuzz != nil && c.State == StateReview {
		next = s.fuzzed(next)
	}
	c.Due = now.Add(next)
	c.LastReview = now
	return c
}

func clampD(d float64) float64 { return math.Min(math.Max(d, 1), 10) }

func (s scheduler) initialDifficulty(r Rating) float64 {
	return s.w[4] - math.Exp(s.w[5]*float64(r-1)) + 1
}

func (s scheduler) nextDifficulty(d float64, r Rating) float64 {
	delta := -s.w[6] * float64(r-3)
	damped := d + (10-d)*delta/9
	// Mean reversion towards the initial difficulty of an Easy answer.
	return clampD(s.w[7]*s.initialDifficulty(Easy) + (1-s.w[7])*damped)
}

func (s scheduler) shortTermStability(st float64, r Rating) float64 {
	inc := math.Exp(s.w[17]*(float64(r)-3+s.w[18])) * math.Pow(st, -s.w[19])
	if r >= Good {
		inc = math.Max(inc, 1)
	}
	return math.Max(st*inc, stabilityMin)
}

func (s scheduler) nextStability(d, st, ret float64, r Rating) float64 {
	var next float64
	if r == Again {
		long := s.w[11] * math.Pow(d, -s.w[12]) * (math.Pow(st+1, s.w[13]) - 1) * math.Exp((1-ret)*s.w[14])
		short := st / math.Exp(s.w[17]*s.w[18])
		next = math.Min(long, short)
	} else {
		hard, easy := 1.0, 1.0
		if r == Hard {
			hard = s.w[15]
		}
		if r == Easy {
			easy = s.w[16]
		}
		next = st * (1 + math.Exp(s.w[8])*(11-d)*math.Pow(st, -s.w[9])*(math.Exp((1-ret)*s.w[10])-1)*hard*easy)
	}
	return math.Max(next, stabilityMin)
}

// interval is the number of days until recall falls to the desired retention.
func (s scheduler) interval(st float64) int {
	days := st / s.factor * (math.Pow(desiredRetention, 1/s.decay) - 1)
	return min(max(int(math.RoundToEven(days)), 1), maximumInterval)
}

// fuzzed spreads an interval of 3 days or more a little, so phrases saved
// together do not all come back on the same day.
func (s scheduler) fuzzed(d time.Duration) time.Duration {
	days := float64(wholeDays(d))
	if days < 2.5 {
		return d
	}
	delta := 1.0
	for _, r := range []struct{ start, end, factor float64 }{{2.5, 7, 0.15}, {7, 20, 0.1}, {20, math.Inf(1), 0.05}} {
		delta += r.factor * math.Max(math.Min(days, r.end)-r.start, 0)
	}
	lo := max(2, int(math.RoundToEven(days-delta)))
	hi := min(int(math.RoundToEven(days+delta)), maximumInterval)
	lo = min(lo, hi)
	n := min(int(math.RoundToEven(s.fuzz()*float64(hi-lo+1)+float64(lo))), maximumInterval)
	return time.Duration(n) * day
}
