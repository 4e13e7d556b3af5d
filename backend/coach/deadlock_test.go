package coach_test

import (
	"strings"
	"testing"
	"time"

	"parley/backend/coach"
	"parley/backend/settings"
	"parley/backend/userdata"
)

// growingSettings reads the real settings, but first starts a write that grows the file past its
// memory map and gives it time to reach the remap, which waits for every read open at that moment.
type growingSettings struct {
	*settings.Service
	scope *userdata.Scope
	wrote chan error
}

func (g *growingSettings) Get(scope *userdata.Scope) (settings.Settings, error) {
	go func() {
		g.wrote <- g.scope.Update(func(tx *userdata.Tx) error {
			b, err := tx.CreateBucket("growth")
			if err != nil {
				return err
			}
			return b.Put([]byte("k"), strings.Repeat("x", 8<<20))
		})
	}()
	time.Sleep(300 * time.Millisecond)
	return g.Service.Get(scope)
}

// RoomCoaching reads the learner's settings outside its own read transaction: read inside it,
// a write that grows the file in between deadlocks bbolt (its remap waits for the outer read, and
// the inner read waits behind the remap), and the app stops answering. This happened in an e2e
// run: opening an empty room asks for its coaching while the opening line's write grows the file.
func TestRoomCoachingNeverReadsInsideItsOwnTransaction(t *testing.T) {
	w := setUp(t, cafe, settings.SettingsUpdate{})
	g := &growingSettings{Service: w.c.Settings(), scope: w.s, wrote: make(chan error, 1)}
	svc := coach.New(coach.Options{Chat: w.c.Chat(), Rooms: w.c.Rooms(), Settings: g, Emitter: w.ui})

	type answer struct {
		rc  coach.RoomCoaching
		err error
	}
	got := make(chan answer, 1)
	go func() {
		rc, err := svc.RoomCoaching(w.s, w.room.ID)
		got <- answer{rc, err}
	}()
	select {
	case a := <-got:
		if a.err != nil {
			t.Fatal(a.err)
		}
		if len(a.rc.Goals) != 2 || a.rc.Goals[0].Text != "Order a drink with a size" {
			t.Fatalf("goals: %+v", a.rc.Goals)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("RoomCoaching never returned: a read inside its read transaction waits behind the write's remap")
	}
	select {
	case err := <-g.wrote:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the write that grows the file never finished")
	}
}
