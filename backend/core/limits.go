package core

import (
	"slices"

	"parley/backend/chat"
	"parley/backend/room"
)

// Limits are the choices and maximum lengths the UI's forms offer, from the
// constants the services check, so no hand copy in the UI can drift.
type Limits struct {
	Levels       []string `json:"levels"`
	Languages    []string `json:"languages"`
	Formalities  []string `json:"formalities"`
	MaxTitle     int      `json:"maxTitle"`
	MaxSituation int      `json:"maxSituation"`
	MaxRole      int      `json:"maxRole"`
	MaxGoal      int      `json:"maxGoal"`
	MaxMessage   int      `json:"maxMessage"`
	// PreviewLen is how many characters of the last message the room list shows.
	PreviewLen int `json:"previewLen"`
}

// Limits returns the form limits. It needs no session: the log-in page may
// show forms too.
func (c *Core) Limits() Limits {
	return Limits{
		Levels:       slices.Clone(room.Levels),
		Languages:    slices.Clone(room.Languages),
		Formalities:  slices.Clone(room.Formalities),
		MaxTitle:     room.MaxTitle,
		MaxSituation: room.MaxSituation,
		MaxRole:      room.MaxRole,
		MaxGoal:      room.MaxGoal,
		MaxMessage:   chat.MaxMessageLen,
		PreviewLen:   chat.PreviewLen,
	}
}
