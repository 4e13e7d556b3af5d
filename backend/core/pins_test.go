package core

import (
	"path/filepath"
	"slices"
	"testing"

	"parley/backend/apperr"
	"parley/backend/settings"
)

func TestPinnedRoomsComeBackNewestFirstAndOnlyTheLearnersOwn(t *testing.T) {
	c, _ := open(t, filepath.Join(t.TempDir(), "parley.db"))
	s := signUp(t, c, "ann")
	a, _ := c.Rooms().Create(s, tokyo)
	b, _ := c.Rooms().Create(s, tokyo)
	gone, _ := c.Rooms().Create(s, tokyo)
	for _, id := range []string{a.ID, gone.ID, b.ID} {
		if _, err := c.PinRoom(s, id, true); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := c.Settings().PinnedRooms(s)
	if !slices.Equal(got, []string{b.ID, gone.ID, a.ID}) {
		t.Fatalf("pinned %v", got)
	}
	// A room in the trash stays pinned, so Undo brings it back pinned.
	if err := c.Rooms().Delete(s, []string{gone.ID}); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.PinRoom(s, a.ID, true); !slices.Equal(got, []string{a.ID, b.ID, gone.ID}) {
		t.Fatalf("after pinning again with one room in the trash: %v", got)
	}
	// Deleted for good, its pin goes with the next change.
	if err := c.Rooms().EmptyTrash(s); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.PinRoom(s, b.ID, false); !slices.Equal(got, []string{a.ID}) {
		t.Fatalf("after unpinning b with gone purged: %v", got)
	}
	// Saving the settings form keeps the pins.
	if _, err := c.Settings().Save(s, settings.SettingsUpdate{Temperature: 0.7}); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.Settings().PinnedRooms(s); !slices.Equal(got, []string{a.ID}) {
		t.Fatalf("after Save: %v", got)
	}

	// Another learner cannot pin ann's room, nor a made-up id.
	if err := c.Accounts().LogOut(); err != nil {
		t.Fatal(err)
	}
	other := signUp(t, c, "ben")
	for _, id := range []string{a.ID, "../../x", "0123456789abcdef"} {
		if _, err := c.PinRoom(other, id, true); apperr.CodeOf(err) != apperr.RoomNotFound {
			t.Errorf("pinning %q as another user: %v", id, err)
		}
	}
	if got, _ := c.Settings().PinnedRooms(other); len(got) != 0 {
		t.Fatalf("ben's pins %v", got)
	}
}
