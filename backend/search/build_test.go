package search_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"parley/backend/account"
	"parley/backend/apperr"
	"parley/backend/core"
	"parley/backend/search"
	"parley/backend/userdata"
)

func logIn(tb testing.TB, c *core.Core, name string) *userdata.Scope {
	tb.Helper()
	if _, err := c.LogIn(account.LogInRequest{Username: name, Password: "correct horse battery"}); err != nil {
		tb.Fatal(err)
	}
	s, err := c.Scope()
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// holdBuilds makes every build wait at stage (see search.SetBuildHook)
// until release is closed; started receives once a build has got there.
func holdBuilds(c *core.Core, stage string) (started <-chan struct{}, release chan struct{}) {
	st, rel := make(chan struct{}, 1), make(chan struct{})
	c.Search().SetBuildHook(func(at string) {
		if at != stage {
			return
		}
		select {
		case st <- struct{}{}:
		default:
		}
		<-rel
	})
	return st, rel
}

func within(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(20 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

func TestLogInBuildsTheIndexAndASearchMeanwhileSeesChangesMadeWhileItRead(t *testing.T) {
	c := openCore(t)
	s := signUp(t, c, "mina")
	cafe := newRoom(t, c, s, "Café", "en")
	say(t, c, s, cafe, t0, "a cappuccino please", "Coming right up: one espresso-based cappuccino.")
	_ = c.Accounts().LogOut()

	// Held once it has read, before its index is in place: a write while
	// its read transaction is open could wait for it (bbolt grows the file
	// only when no reader is open), and what was read then is the same.
	started, release := holdBuilds(c, "read")
	s = logIn(t, c, "mina")
	within(t, started, "the build started at log-in")
	if st := c.Search().Stats(); st.Messages != 0 {
		t.Fatalf("an index before the build is done: %+v", st)
	}
	// Committed after the build read: an added line, an edit of the
	// learner's line and the AI's reply to it deleted.
	say(t, c, s, cafe, t0.Add(time.Hour), "and a croissant", "One croissant, warmed.")
	if _, err := c.Chat().EditLastMessage(s, cafe, "and a pain au chocolat"); err != nil {
		t.Fatal(err)
	}
	_ = c.Chat().StopReply(s, cafe)
	type answer struct {
		res search.Result
		err error
	}
	got := make(chan answer, 1)
	go func() { // the first search comes before the index is ready
		res, err := c.Search().Search(s, search.Request{Query: "chocolat"})
		got <- answer{res, err}
	}()
	close(release)
	a := <-got
	if a.err != nil || strings.Join(hitIDs(a.res), " ") != "Café/3" {
		t.Fatalf("search during the build: %v %v", hitIDs(a.res), a.err)
	}
	for q, want := range map[string]string{"croissant": "", "warmed": "", "espresso": "Café/2", "cappuccino": "Café/2 Café/1"} {
		if got := strings.Join(hitIDs(find(t, c, s, search.Request{Query: q})), " "); got != want {
			t.Errorf("%q: %q, want %q", q, got, want)
		}
	}
	if st := c.Search().Stats(); st.Messages != 3 {
		t.Fatalf("index holds %d messages, want the 3 left", st.Messages)
	}
}

// Log-out while a build reads (its reading is cancelled) or once it has
// read, before its index is in place (what it read is wiped, not kept).
func TestLogOutMidBuildDropsWhatItReadAndTheNextUserNeverSeesIt(t *testing.T) {
	for _, stage := range []string{"run", "read"} {
		t.Run(stage, func(t *testing.T) { logOutMidBuild(t, stage) })
	}
}

func logOutMidBuild(t *testing.T, stage string) {
	c := openCore(t)
	s := signUp(t, c, "ann")
	say(t, c, s, newRoom(t, c, s, "Secret", "en"), t0, "my secret pancake recipe")
	_ = c.Accounts().LogOut()

	started, release := holdBuilds(c, stage)
	s = logIn(t, c, "ann")
	within(t, started, "the build started at log-in")
	done := c.Search().BuildDone()
	got := make(chan error, 1)
	go func() {
		_, err := c.Search().Search(s, search.Request{Query: "pancake"})
		got <- err
	}()
	if err := c.Accounts().LogOut(); err != nil {
		t.Fatal(err)
	}
	close(release)
	within(t, done, "the dropped build to end")
	if err := <-got; apperr.CodeOf(err) != apperr.AuthRequired {
		t.Fatalf("a search whose build was dropped at log-out: %v", err)
	}
	if st := c.Search().Stats(); st.Messages != 0 || st.Bytes != 0 {
		t.Fatalf("the build put its index in place after log-out: %+v", st)
	}
	c.Search().SetBuildHook(nil)
	bob := signUp(t, c, "bob")
	if res := find(t, c, bob, search.Request{Query: "pancake"}); res.Total != 0 || len(res.Rooms) != 0 {
		t.Fatalf("bob finds ann's line: %+v", res)
	}
}

// Lines saved while builds start, run and are dropped over and over are all
// found once the writing stops (run with -race).
func TestLinesSavedDuringRepeatedBuildsAreAllFound(t *testing.T) {
	c := openCore(t)
	s := signUp(t, c, "mina")
	cafe := newRoom(t, c, s, "Café", "en")
	say(t, c, s, cafe, t0, strings.Repeat("filler line so a build has something to read ", 20))
	const lines = 120
	stop := make(chan struct{})
	searched := make(chan struct{})
	go func() {
		defer close(searched)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if i%3 == 0 {
				c.Search().Drop()
			}
			if _, err := c.Search().Search(s, search.Request{Query: "zebra"}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for i := range lines {
		say(t, c, s, cafe, t0.Add(time.Duration(i+1)*time.Hour), fmt.Sprintf("zebra number %d", i))
	}
	close(stop)
	<-searched
	if res := find(t, c, s, search.Request{Query: "zebra", Limit: search.MaxLimit}); res.Total != lines {
		t.Fatalf("found %d of the %d lines", res.Total, lines)
	}
}
