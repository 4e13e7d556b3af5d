package room

import (
	"crypto/rand"
	"encoding/hex"
)

// idLen is the length of a room id: 16 hex characters, 64 random bits.
const idLen = 16

// newID returns a random room id. It is unguessable so that an id seen in a
// log or a screenshot says nothing about other rooms; ownership itself is
// enforced by the user's scope, not by the id's secrecy.
func newID() string {
	var b [idLen / 2]byte
	rand.Read(b[:]) // never fails (crypto/rand panics rather than return an error)
	return hex.EncodeToString(b[:])
}

// validID reports whether id has the shape newID produces. Anything else
// cannot name a room, so it is answered with room.not_found without touching
// the store.
func validID(id string) bool {
	if len(id) != idLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
