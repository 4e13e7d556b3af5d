package progress

import (
	"testing"
	"time"
)

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := Location(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func learner(room, lang string, at time.Time, words int) Line {
	return Line{RoomID: room, Language: lang, Learner: true, Words: words, At: at}
}

func ai(room, lang string, at time.Time) Line { return Line{RoomID: room, Language: lang, At: at} }

// Two lines ten minutes apart across local midnight are on two days: the
// streak is two, though they are minutes apart in UTC.
func TestDaysAreTheLearnersOwnAcrossMidnight(t *testing.T) {
	seoul := mustLoc(t, "Asia/Seoul")
	late := time.Date(2026, 3, 1, 23, 55, 0, 0, seoul)
	lines := []Line{learner("r", "ko", late, 3), ai("r", "ko", late.Add(2*time.Minute)), learner("r", "ko", late.Add(10*time.Minute), 4)}
	got := Summarize(lines, nil, seoul, late.Add(time.Hour))
	if len(got) != 1 {
		t.Fatalf("got %+v", got)
	}
	ko := got[0]
	if ko.Streak != 2 || !ko.PracticedToday || ko.Lines != 2 || ko.Words != 7 || ko.Sessions != 1 || ko.Minutes != 10 {
		t.Errorf("ko = %+v", ko)
	}
	// Seen from UTC both lines are on 1 March (14:55 and 15:05): one day.
	if u := Summarize(lines, nil, time.UTC, late.Add(time.Hour)); u[0].Streak != 1 {
		t.Errorf("in UTC the streak = %d, want 1", u[0].Streak)
	}
	last := ko.Days[len(ko.Days)-1]
	if last.Date != "2026-03-02" || last.Words != 4 || ko.Days[len(ko.Days)-2].Words != 3 || len(ko.Days) != ChartDays {
		t.Errorf("days = %+v", ko.Days)
	}
}

// New York moves its clocks on 8 March 2026 (a 23-hour day) and on
// 1 November 2026 (25 hours): one line a day at 00:30 local time keeps a
// streak of one day per calendar day through both changes.
func TestTheStreakCountsCalendarDaysThroughDaylightSavingChanges(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	for _, c := range []struct {
		name  string
		first time.Time
	}{
		{"spring forward", time.Date(2026, 3, 5, 0, 30, 0, 0, ny)},
		{"fall back", time.Date(2026, 10, 29, 0, 30, 0, 0, ny)},
	} {
		var lines []Line
		for i := range 7 {
			d := c.first.AddDate(0, 0, i)
			lines = append(lines, learner("r", "en", time.Date(d.Year(), d.Month(), d.Day(), 0, 30, 0, 0, ny), 5))
		}
		now := time.Date(c.first.Year(), c.first.Month(), c.first.Day()+6, 23, 59, 0, 0, ny)
		got := Summarize(lines, nil, ny, now)[0]
		if got.Streak != 7 || got.Sessions != 7 {
			t.Errorf("%s: streak %d sessions %d, want 7 and 7", c.name, got.Streak, got.Sessions)
		}
		seen := map[string]bool{}
		for _, d := range got.Days {
			if seen[d.Date] {
				t.Errorf("%s: %s twice in the chart", c.name, d.Date)
			}
			seen[d.Date] = true
		}
		if n := len(got.Days); n != ChartDays {
			t.Errorf("%s: %d days", c.name, n)
		}
	}
}

func TestTheStreakWaitsForTodayButNotForYesterday(t *testing.T) {
	loc := mustLoc(t, "Europe/Berlin")
	d := func(day, hour int) time.Time { return time.Date(2026, 6, day, hour, 0, 0, 0, loc) }
	lines := []Line{learner("r", "ja", d(1, 9), 1), learner("r", "ja", d(2, 9), 1), learner("r", "ja", d(3, 9), 1)}
	if s := Summarize(lines, nil, loc, d(4, 8))[0]; s.Streak != 3 || s.PracticedToday {
		t.Errorf("morning after: %+v", s)
	}
	if s := Summarize(lines, nil, loc, d(5, 8))[0]; s.Streak != 0 {
		t.Errorf("a day missed: streak %d", s.Streak)
	}
}

func TestSessionsSplitAtLongPausesAndPerRoom(t *testing.T) {
	t0 := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	lines := []Line{
		learner("a", "en", t0, 2), ai("a", "en", t0.Add(5*time.Minute)), learner("a", "en", t0.Add(20*time.Minute), 2),
		learner("a", "en", t0.Add(3*time.Hour), 2), // after a pause: a session of its own (1 minute)
		learner("b", "en", t0.Add(time.Minute), 2), // another room
		learner("c", "ko", t0, 1),
	}
	got := Summarize(lines, []Phrase{{Language: "en", Learned: true}, {Language: "en"}, {Language: "ja"}}, time.UTC, t0.Add(4*time.Hour))
	if len(got) != 3 || got[0].Language != "en" || got[1].Language != "ja" || got[2].Language != "ko" {
		t.Fatalf("languages = %+v", got)
	}
	en := got[0]
	if en.Sessions != 3 || en.Minutes != 20+1+1 || en.Lines != 4 || en.Words != 8 || en.PhrasesSaved != 2 || en.PhrasesLearned != 1 {
		t.Errorf("en = %+v", en)
	}
	if ja := got[1]; ja.Lines != 0 || ja.PhrasesSaved != 1 || ja.Streak != 0 {
		t.Errorf("ja = %+v", ja)
	}
}

func TestWordsAreCountedPerLanguage(t *testing.T) {
	if n := CountWords("en", "Could I have a latte, please ?", nil); n != 6 {
		t.Errorf("en = %d", n)
	}
	if n := CountWords("ko", "아이스 아메리카노 한 잔 주세요.", nil); n != 5 {
		t.Errorf("ko = %d", n)
	}
	if n := CountWords("ja", "x", func(string) int { return 42 }); n != 42 {
		t.Errorf("ja = %d", n)
	}
	if _, err := Location("Mars/Olympus"); err == nil {
		t.Error("an unknown zone was accepted")
	}
}

// Corrections per 100 words are drawn per day and summed over the chart:
// a day without checked lines has no rate (not a zero), other languages
// and days before the chart are left out.
func TestCorrectionsPer100WordsPerDayAndOverTheChart(t *testing.T) {
	seoul := mustLoc(t, "Asia/Seoul")
	now := time.Date(2026, 3, 10, 21, 0, 0, 0, seoul)
	lines := []Line{learner("r", "ko", now.AddDate(0, 0, -2), 20), learner("r", "ko", now, 30), learner("e", "en", now, 5)}
	got := Summarize(lines, nil, seoul, now)
	AddCorrections(got, []Checked{
		{Language: "ko", Date: "2026-03-08", Words: 20, Corrections: 3},
		{Language: "ko", Date: "2026-03-10", Words: 30, Corrections: 1},
		{Language: "ko", Date: "2026-01-01", Words: 100, Corrections: 50}, // before the chart
		{Language: "ja", Date: "2026-03-10", Words: 10, Corrections: 10},  // no progress in ja
	})
	if len(got) != 2 || got[0].Language != "en" || got[1].Language != "ko" {
		t.Fatalf("got %+v", got)
	}
	en, ko := got[0], got[1]
	if en.Per100 != nil || en.Days[ChartDays-1].Per100 != nil {
		t.Errorf("en had nothing checked, yet per100 = %v, %v", en.Per100, en.Days[ChartDays-1].Per100)
	}
	last, twoAgo, yesterday := ko.Days[ChartDays-1], ko.Days[ChartDays-3], ko.Days[ChartDays-2]
	if last.Date != "2026-03-10" || last.Per100 == nil || *last.Per100 != 3.3 || last.Corrections != 1 || last.CheckedWords != 30 {
		t.Errorf("10 March = %+v", last)
	}
	if twoAgo.Date != "2026-03-08" || twoAgo.Per100 == nil || *twoAgo.Per100 != 15 {
		t.Errorf("8 March = %+v", twoAgo)
	}
	if yesterday.Per100 != nil {
		t.Errorf("9 March had nothing checked, per100 = %v", *yesterday.Per100)
	}
	// 4 corrections in 50 words over the chart; January's 50 are not in it.
	if ko.Per100 == nil || *ko.Per100 != 8 {
		t.Errorf("ko per100 = %v", ko.Per100)
	}
}
