// Package room holds the role-play rooms a learner practises in: the room
// model and its validation, the ready-made presets, and the per-user store of
// rooms with a 30-day trash.
//
// Every stored operation takes the logged-in user's *userdata.Scope, never a
// user id from the UI: a room id that belongs to someone else is simply not in
// the caller's buckets, so it reads as room.not_found. This is the fix for the
// seed project's bug of looking rooms up by id alone.
package room

import "time"

// Languages a room can be practised in.
const (
	Korean   = "ko"
	English  = "en"
	Japanese = "ja"
)

// Languages are the room languages, in the order the form offers them.
var Languages = []string{Korean, English, Japanese}

// Levels are the six CEFR levels, easiest first.
//
// CEFR rather than "beginner/advanced": it is the scale learners and teachers
// already know (school syllabi, TOPIK/JLPT/IELTS mappings use it), and each
// level has a precise can-do description the role-play prompt can hand to the
// model, so "A2" yields noticeably different replies from "B1".
var Levels = []string{"A1", "A2", "B1", "B2", "C1", "C2"}

// Formality values. They matter only where the language marks politeness in
// its grammar: Korean 존댓말/반말 and Japanese 敬語/タメ口. "" lets the model
// choose what the situation calls for.
const (
	FormalityAuto   = ""
	FormalityPolite = "polite"
	FormalityCasual = "casual"
)

// Formalities are the formality values, in the order the form offers them.
var Formalities = []string{FormalityAuto, FormalityPolite, FormalityCasual}

// Field limits, in characters (runes after NFC normalisation).
const (
	MaxTitle     = 80
	MaxSituation = 500
	MaxRole      = 100
	MaxGoal      = 200
)

// MaxSelection is the most rooms one delete or restore may name: more than a
// learner can have selected, few enough that a hostile list costs nothing.
const MaxSelection = 10_000

// TrashRetention is how long a deleted room stays restorable.
const TrashRetention = 30 * 24 * time.Hour

// RoomInput is what the learner fills in to create or edit a room.
type RoomInput struct {
	Title     string `json:"title"`
	Language  string `json:"language"`
	Level     string `json:"level"`
	Situation string `json:"situation"`
	MyRole    string `json:"myRole"`
	AIRole    string `json:"aiRole"`
	Goal      string `json:"goal"`
	Formality string `json:"formality"`
	PresetID  string `json:"presetId"`
}

// Room is a stored role-play room: the fields the learner fills in (embedded,
// so the JSON stays flat) plus what Parley keeps about it.
type Room struct {
	ID string `json:"id"`
	RoomInput

	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	// DeletedAt is set while the room is in the trash.
	DeletedAt *time.Time `json:"deletedAt,omitempty"`
}

// InTrash reports whether r has been deleted and is waiting in the trash.
func (r Room) InTrash() bool { return r.DeletedAt != nil }
