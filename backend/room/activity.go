package room

import (
	"errors"
	"strings"
	"time"

	"parley/backend/apperr"
	"parley/backend/userdata"
)

// MessagesBucket is the path, under the user's root, of the bucket that holds
// a room's messages: u/<userID>/msgs/<roomID>. Chat writes there; the room
// service deletes it when the room leaves the trash for good, so the two must
// agree on this one definition.
func MessagesBucket(roomID string) []string { return []string{bucketMessages, roomID} }

// PreviewLen is how much of the last message the room list shows.
const PreviewLen = 120

// Activity is what the chat service reports after it changes a room's
// conversation, so the room list can show the last message and sort by
// activity without reading any messages.
type Activity struct {
	// Preview is the text of the room's newest message; it is shortened to
	// PreviewLen characters on one line. "" keeps the current preview (a reply
	// that has not written anything yet should not blank the list); the
	// preview is cleared only when the count drops to zero.
	Preview string
	// Role is who wrote it: "user" or "assistant" (ignored with an empty Preview).
	Role string
	// At is when it happened; zero means now. Last activity only moves forward.
	At time.Time
	// Added is how many messages were added (negative: removed). A new
	// learner message or a new reply is 1; a regenerated or edited one is 0.
	Added int
}

// Touch records activity in a room. Chat calls it after each change to the
// conversation: after saving the learner's message, after a reply is done,
// stopped or failed, and after regenerating or editing. Prefer TouchTx in
// the transaction that writes the message, so the list and the history
// cannot disagree. A room in the trash gives room.not_found.
func (s *Service) Touch(scope *userdata.Scope, roomID string, a Activity) error {
	return scope.Update(func(tx *userdata.Tx) error { return s.TouchTx(tx, roomID, a) })
}

// TouchTx is Touch inside a write transaction the caller already holds.
func (s *Service) TouchTx(tx *userdata.Tx, roomID string, a Activity) error {
	if a.Role != "" && a.Role != "user" && a.Role != "assistant" {
		return apperr.Wrap(apperr.Internal, errors.New("room: activity role "+a.Role), "bad activity role")
	}
	rec, err := s.load(tx, roomID)
	if err != nil {
		return err
	}
	if rec.InTrash() {
		return notFound()
	}
	at := a.At
	if at.IsZero() {
		at = s.tick()
	}
	at = at.Round(0).UTC()
	if at.After(rec.LastActivityAt) {
		rec.LastActivityAt = at
	}
	rec.MessageCount = max(0, rec.MessageCount+a.Added)
	if p := shortPreview(a.Preview); p != "" {
		rec.Preview, rec.PreviewRole = p, a.Role
	}
	if rec.MessageCount == 0 {
		rec.Preview, rec.PreviewRole = "", ""
	}
	return s.save(tx, rec)
}

// shortPreview puts text on one line and cuts it to PreviewLen characters.
func shortPreview(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if r := []rune(text); len(r) > PreviewLen {
		return string(r[:PreviewLen-1]) + "…"
	}
	return text
}

// deleteMessages removes a room's message bucket (a room that never had a
// message has none, which DeleteBucket accepts).
func deleteMessages(tx *userdata.Tx, roomID string) error {
	return tx.DeleteBucket(MessagesBucket(roomID)...)
}
