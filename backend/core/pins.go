package core

import (
	"parley/backend/apperr"
	"parley/backend/userdata"
)

// PinRoom pins or unpins one of the learner's rooms (in the list or in the
// trash, so a restored room is still pinned) and returns the pinned ids, most
// recently pinned first. Pins of rooms deleted for good are dropped here.
func (c *Core) PinRoom(s *userdata.Scope, roomID string, pin bool) ([]string, error) {
	live, err := c.roomIDs(s)
	if err != nil {
		return nil, err
	}
	if pin && !live[roomID] {
		return nil, apperr.New(apperr.RoomNotFound, "no such room")
	}
	return c.settings.PinRoom(s, roomID, pin, func(id string) bool { return live[id] })
}

func (c *Core) roomIDs(s *userdata.Scope) (map[string]bool, error) {
	rooms, err := c.rooms.List(s)
	if err != nil {
		return nil, err
	}
	trash, err := c.rooms.ListTrash(s)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]bool, len(rooms)+len(trash))
	for _, r := range append(rooms, trash...) {
		ids[r.ID] = true
	}
	return ids, nil
}
