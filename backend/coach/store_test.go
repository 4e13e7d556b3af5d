package coach

import (
	"reflect"
	"testing"

	"parley/backend/room"
)

func TestAPresetRoomHasItsMissionsAndABlankRoomSplitsItsGoalText(t *testing.T) {
	p, _ := room.PresetByID("cafe")
	rm := room.Room{RoomInput: p.Input(room.Korean)}
	want := []string{"Order a drink with a size", "Order a snack too", "Ask one question about the menu"}
	if got := GoalsOf(rm, room.English); !reflect.DeepEqual(got, want) {
		t.Fatalf("preset goals in English: %q", got)
	}
	if got := GoalsOf(rm, room.Korean); got[0] != "음료를 사이즈와 함께 주문하기" {
		t.Fatalf("preset goals in Korean: %q", got)
	}
	// Once the learner rewrites the goal, their text is the goals.
	rm.Goal = "- Order a latte\n2. Ask for the wifi password; pay by card"
	if got := GoalsOf(rm, room.English); !reflect.DeepEqual(got, []string{"Order a latte", "Ask for the wifi password", "pay by card"}) {
		t.Fatalf("split goals: %q", got)
	}
	if got := GoalsOf(room.Room{}, room.English); len(got) != 0 {
		t.Fatalf("no goal text: %q", got)
	}
}
