package chat

import (
	"strings"
	"time"

	"parley/backend/userdata"
)

// Chat keeps two things per room under the user's sealed root, and nothing
// else reads or writes them:
//
//	msgs/<roomID>       the messages, one value per big-endian uint64 key
//	                    from NextSequence, so keys sort by age
//	chatrooms <roomID>  one roomState: the prompt version the conversation
//	                    started under, what the room list shows of it, and
//	                    what its requests cost
//
// Both change in the transaction that changes the conversation, so the list
// and the history never disagree. A room deleted for good reaches them
// through PurgeRoom, which the app registers as a room purge hook.
const (
	bucketMessages = "msgs"
	bucketState    = "chatrooms"
)

func messagesBucket(roomID string) []string { return []string{bucketMessages, roomID} }

// PreviewLen is how much of the last message the room list shows, in characters.
const PreviewLen = 120

// legacyPromptVersion is the version of conversations whose record is
// rebuilt from their messages: rooms made before chat kept its own record
// all started under version 1, the only version shipped until then.
const legacyPromptVersion = 1

// roomState is chat's record of one room.
type roomState struct {
	PromptVersion int `json:"promptVersion"`
	// Preview is the newest message's text on one short line ("" keeps the
	// previous one while a reply has written nothing yet).
	Preview        string      `json:"preview,omitempty"`
	PreviewRole    string      `json:"previewRole,omitempty"`
	MessageCount   int         `json:"messageCount,omitempty"`
	LastActivityAt time.Time   `json:"lastActivityAt"`
	Usage          usageTotals `json:"usage"`
}

// usageTotals is what a room's requests have cost so far, kept as a running
// total so RoomUsage never reads the whole conversation.
type usageTotals struct {
	PromptTokens     int     `json:"promptTokens"`
	CompletionTokens int     `json:"completionTokens"`
	CostUSD          float64 `json:"costUsd"`
	// Unpriced is set once a counted request used a model without a known
	// price: the total cost is then unknown, not CostUSD.
	Unpriced bool `json:"unpriced,omitempty"`
}

// Activity is what the room list shows of a room's conversation.
type Activity struct {
	Preview      string
	PreviewRole  string
	MessageCount int
	// LastActivityAt is when the conversation last changed; zero when
	// nothing was ever said.
	LastActivityAt time.Time
}

// touch records a change to the conversation at time at: added messages
// (negative: removed) and the newest text with who wrote it. Last activity
// only moves forward.
func (st *roomState) touch(at time.Time, added int, preview, role string) {
	if at.After(st.LastActivityAt) {
		st.LastActivityAt = at
	}
	st.MessageCount = max(0, st.MessageCount+added)
	if p := shortPreview(preview); p != "" {
		st.Preview, st.PreviewRole = p, role
	}
	if st.MessageCount == 0 {
		st.Preview, st.PreviewRole = "", ""
	}
}

// addUsage adds one request's tokens and, when the model's price is known,
// its cost.
func (st *roomState) addUsage(u Usage, costUSD float64, priced bool) {
	st.Usage.PromptTokens += u.PromptTokens
	st.Usage.CompletionTokens += u.CompletionTokens
	st.Usage.CostUSD += costUSD
	st.Usage.Unpriced = st.Usage.Unpriced || !priced
}

// shortPreview puts text on one line and cuts it to PreviewLen characters.
func shortPreview(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if r := []rune(text); len(r) > PreviewLen {
		return string(r[:PreviewLen-1]) + "…"
	}
	return text
}

// readState reads a room's record as stored; found is false when there is
// none. A damaged record is an error (store.tampered or store.corrupt).
func readState(tx *userdata.Tx, roomID string) (st roomState, found bool, err error) {
	b, err := tx.Bucket(bucketState)
	if err != nil || b == nil {
		return st, false, err
	}
	found, err = b.Get([]byte(roomID), &st)
	return st, found, err
}

// loadState reads a room's record to change it. A room without one starts
// at the current prompt version. A damaged one is rebuilt from the messages,
// its usage from zero, rather than stop every later reply from being saved.
func (s *Service) loadState(tx *userdata.Tx, roomID string, ms messages) (roomState, error) {
	st, found, err := readState(tx, roomID)
	switch {
	case isDamage(err):
		return rebuildState(ms, s.promptVersion)
	case err != nil:
		return st, err
	case !found:
		return roomState{PromptVersion: s.promptVersion}, nil
	}
	return st, nil
}

// versionOf is the prompt version of a room's conversation, for reading:
// a room not yet started, or whose record is damaged, gets the current one.
func (s *Service) versionOf(tx *userdata.Tx, roomID string) (int, error) {
	st, found, err := readState(tx, roomID)
	if isDamage(err) || (err == nil && !found) {
		return s.promptVersion, nil
	}
	return st.PromptVersion, err
}

func putState(tx *userdata.Tx, roomID string, st roomState) error {
	b, err := tx.CreateBucket(bucketState)
	if err != nil {
		return err
	}
	return b.Put([]byte(roomID), st)
}

// rebuildState derives a room's record from its messages: their count, the
// newest text and when the newest was written. Damaged messages are counted
// and skipped.
func rebuildState(ms messages, version int) (roomState, error) {
	st := roomState{PromptVersion: version}
	if ms.b == nil {
		return st, nil
	}
	err := ms.b.ForEach(func([]byte) error { st.MessageCount++; return nil })
	if err != nil {
		return st, err
	}
	err = ms.newestFirst(0, func(m Message) bool {
		if st.LastActivityAt.IsZero() {
			st.LastActivityAt = m.CreatedAt
		}
		if st.Preview == "" {
			st.Preview, st.PreviewRole = shortPreview(m.Text), m.Role
		}
		return st.Preview != "" && !st.LastActivityAt.IsZero()
	})
	if st.Preview == "" {
		st.PreviewRole = ""
	}
	return st, err
}

// Activities returns what the room list shows of each of the user's
// conversations, by room id. A room with no conversation is absent; so is
// one whose record is damaged, which the list then shows as empty rather
// than fail.
func (s *Service) Activities(scope *userdata.Scope) (map[string]Activity, error) {
	out := map[string]Activity{}
	err := scope.View(func(tx *userdata.Tx) error {
		b, err := tx.Bucket(bucketState)
		if err != nil || b == nil {
			return err
		}
		return b.ForEach(func(k []byte) error {
			var st roomState
			if _, err := b.Get(k, &st); err != nil {
				if isDamage(err) {
					return nil
				}
				return err
			}
			out[string(k)] = Activity{Preview: st.Preview, PreviewRole: st.PreviewRole,
				MessageCount: st.MessageCount, LastActivityAt: st.LastActivityAt}
			return nil
		})
	})
	return out, err
}

// PurgeRoom deletes everything chat keeps about a room: its messages, its
// record and its scene translations. The app registers it as a room purge hook, so it runs in the
// transaction that deletes the room for good.
func PurgeRoom(tx *userdata.Tx, roomID string) error {
	if err := tx.DeleteBucket(messagesBucket(roomID)...); err != nil {
		return err
	}
	if err := purgeSceneTranslations(tx, roomID); err != nil {
		return err
	}
	b, err := tx.Bucket(bucketState)
	if err != nil || b == nil {
		return err
	}
	return b.Delete([]byte(roomID))
}
