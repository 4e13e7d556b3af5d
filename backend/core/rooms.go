package core

import (
	"parley/backend/apperr"
	"parley/backend/room"
	"parley/backend/userdata"
)

// ListRooms lists the user's rooms, latest activity first.
func (c *Core) ListRooms() ([]room.RoomSummary, error) {
	return withScope(c, func(s *userdata.Scope) ([]room.RoomSummary, error) { return c.rooms.List(s) })
}

// GetRoom returns one of the user's rooms.
func (c *Core) GetRoom(id string) (room.Room, error) {
	return withScope(c, func(s *userdata.Scope) (room.Room, error) { return c.rooms.Get(s, id) })
}

// CreateRoom validates and stores a new room.
func (c *Core) CreateRoom(in room.RoomInput) (room.Room, error) {
	return withScope(c, func(s *userdata.Scope) (room.Room, error) { return c.rooms.Create(s, in) })
}

// UpdateRoom edits one of the user's rooms.
func (c *Core) UpdateRoom(id string, in room.RoomInput) (room.Room, error) {
	return withScope(c, func(s *userdata.Scope) (room.Room, error) { return c.rooms.Update(s, id, in) })
}

// ValidateRoom returns every bad field of a room form at once, for inline errors.
func (c *Core) ValidateRoom(in room.RoomInput) ([]*apperr.Error, error) {
	if _, err := c.scope(); err != nil {
		return nil, err
	}
	errs := room.Validate(in)
	if errs == nil {
		errs = []*apperr.Error{}
	}
	return errs, nil
}

// DeleteRooms moves rooms to the trash, all or nothing.
func (c *Core) DeleteRooms(ids []string) error {
	return withScopeErr(c, func(s *userdata.Scope) error { return c.rooms.Delete(s, ids) })
}

// ListTrash lists rooms in the trash, most recently deleted first.
func (c *Core) ListTrash() ([]room.RoomSummary, error) {
	return withScope(c, func(s *userdata.Scope) ([]room.RoomSummary, error) { return c.rooms.ListTrash(s) })
}

// RestoreRooms brings rooms back from the trash, all or nothing.
func (c *Core) RestoreRooms(ids []string) error {
	return withScopeErr(c, func(s *userdata.Scope) error { return c.rooms.Restore(s, ids) })
}

// EmptyTrash deletes every trashed room and its messages for good.
func (c *Core) EmptyTrash() error {
	return withScopeErr(c, func(s *userdata.Scope) error { return c.rooms.EmptyTrash(s) })
}

// ListPresets returns the ready-made situations in every language.
func (c *Core) ListPresets() []room.Preset { return room.Presets() }
