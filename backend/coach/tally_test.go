package coach_test

import (
	"parley/backend/account"
	"strings"
	"sync"
	"testing"
	"time"

	"parley/backend/coach"
	"parley/backend/llm/fakeopenai"
	"parley/backend/settings"
)

// clock runs at real speed from a time the test sets.
type clock struct {
	mu    sync.Mutex
	base  time.Time
	start time.Time
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.base, c.start = t, time.Now()
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base.Add(time.Since(c.start))
}

const twoFixes = `{"verdict":"corrected","corrected":"Two medium lattes, please.","changes":[` +
	`{"original":"latte","corrected":"lattes","category":"grammar","explanation":"Plural."},` +
	`{"original":"middle","corrected":"medium","category":"vocabulary","explanation":"Sizes."}],"alternative":"","goals_met":[]}`

func fields(_, text string) int { return len(strings.Fields(text)) }

// The coach's tally of checked lines falls on the learner's own days: two
// lines twenty minutes apart across midnight in Seoul are two days there and
// one day in UTC. Lines the coach could not check are not counted, and a
// room in the trash still counts: that practice happened.
func TestCheckedDaysTallyCorrectionsByTheLearnersDay(t *testing.T) {
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{}
	clk.set(time.Date(2026, 3, 1, 23, 50, 0, 0, seoul))
	w := setUpAt(t, cafe, settings.SettingsUpdate{}, clk.now)
	send := func(line, coachAnswer string) coach.Feedback {
		t.Helper()
		w.fake.Script(fakeopenai.Behavior{Reply: "Sure."}, coachSays(coachAnswer))
		if _, err := w.c.SendMessage(w.s, w.room.ID, line); err != nil {
			t.Fatal(err)
		}
		w.waitDone(t)
		return w.waitFeedback(t)
	}
	send("I want a latte hot medium", latteFix) // 6 words, 1 change, 1 March in Seoul
	clk.set(time.Date(2026, 3, 2, 0, 10, 0, 0, seoul))
	send("Two middle latte please", twoFixes)                                                                      // 4 words, 2 changes
	send("Thank you so much", `{"verdict":"natural","corrected":"","changes":[],"alternative":"","goals_met":[]}`) // 4 words
	if fb := send("And a cookie", "not json at all"); fb.Status != coach.StatusUnavailable {
		t.Fatalf("a garbled answer gave %+v", fb)
	}
	w.c.Coach().Wait()
	if err := w.c.Rooms().Delete(w.s, []string{w.room.ID}); err != nil {
		t.Fatal(err)
	}

	got, err := w.c.Coach().CheckedDays(w.s, seoul, fields)
	if err != nil {
		t.Fatal(err)
	}
	want := []coach.CheckedDay{
		{Language: "en", Date: "2026-03-01", Lines: 1, Words: 6, Corrected: 1, Changes: 1},
		{Language: "en", Date: "2026-03-02", Lines: 2, Words: 8, Corrected: 1, Changes: 2},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("in Seoul: %+v\nwant %+v", got, want)
	}
	utc, err := w.c.Coach().CheckedDays(w.s, time.UTC, fields)
	if err != nil {
		t.Fatal(err)
	}
	if len(utc) != 1 || utc[0] != (coach.CheckedDay{Language: "en", Date: "2026-03-01", Lines: 3, Words: 14, Corrected: 2, Changes: 3}) {
		t.Errorf("in UTC: %+v", utc)
	}
}

// Another user's checked lines are not in my tally.
func TestCheckedDaysAreTheUsersOwn(t *testing.T) {
	w := setUp(t, cafe, settings.SettingsUpdate{})
	w.fake.Script(fakeopenai.Behavior{Reply: "Sure."}, coachSays(latteFix))
	if _, err := w.c.SendMessage(w.s, w.room.ID, "I want a latte hot medium"); err != nil {
		t.Fatal(err)
	}
	w.waitDone(t)
	w.waitFeedback(t)
	w.c.Coach().Wait()
	if got, err := w.c.Coach().CheckedDays(w.s, time.UTC, fields); err != nil || len(got) != 1 {
		t.Fatalf("ann's tally %+v %v", got, err)
	}
	if err := w.c.Accounts().LogOut(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.c.Accounts().SignUp(account.SignUpRequest{Username: "bob", Password: "another good password"}); err != nil {
		t.Fatal(err)
	}
	bob, err := w.c.Scope()
	if err != nil {
		t.Fatal(err)
	}
	if got, err := w.c.Coach().CheckedDays(bob, time.UTC, fields); err != nil || len(got) != 0 {
		t.Fatalf("bob sees %+v %v", got, err)
	}
}
