package chat

import "parley/backend/userdata"

// Data files written before chat kept its own record per room hold a room's
// running usage totals at key 0 of msgs/<roomID>, and what the room list
// showed in the room's own record (which the room service now ignores).
// MigrateLegacy moves them to the chatrooms record, once per user.

// legacyTotalsKey is where those totals lived; NextSequence starts at 1, so
// no message ever had it.
var legacyTotalsKey = userdata.U64Key(0)

// legacyTotals is the record at legacyTotalsKey.
type legacyTotals struct {
	PromptTokens     int     `json:"promptTokens"`
	CompletionTokens int     `json:"completionTokens"`
	CostUSD          float64 `json:"costUsd"`
}

// MigrateLegacy gives every room that has messages but no chat record one,
// built from its messages, and moves usage totals from key 0 of its messages
// into that record. It needs the user's data key, so the app runs it at
// log-in, before anything reads a conversation; rooms already migrated cost
// one lookup each. It is all or nothing, in one transaction.
//
// The old record's last activity was when the last reply finished; the
// rebuilt one is when it started, seconds earlier at most. Totals that cost
// nothing while counting tokens were from a model without a known price,
// since Parley stored no zero-priced model.
func (s *Service) MigrateLegacy(scope *userdata.Scope) error {
	return scope.Update(func(tx *userdata.Tx) error {
		parent, err := tx.Bucket(bucketMessages)
		if err != nil || parent == nil {
			return err
		}
		var rooms []string
		if err := parent.ForEachBucket(func(name string) error { rooms = append(rooms, name); return nil }); err != nil {
			return err
		}
		for _, roomID := range rooms {
			if err := migrateRoom(tx, roomID); err != nil {
				return err
			}
		}
		return nil
	})
}

func migrateRoom(tx *userdata.Tx, roomID string) error {
	b, err := tx.Bucket(messagesBucket(roomID)...)
	if err != nil || b == nil {
		return err
	}
	ms := messages{b: b}
	var old legacyTotals
	hasOld, err := b.Get(legacyTotalsKey, &old)
	if isDamage(err) {
		// Unreadable totals start again from zero, as they always did.
		hasOld, err = true, nil
		old = legacyTotals{}
	}
	if err != nil {
		return err
	}
	if hasOld {
		if err := b.Delete(legacyTotalsKey); err != nil {
			return err
		}
	}
	st, found, err := readState(tx, roomID)
	if isDamage(err) {
		return nil // rebuilt at the room's next change (see loadState)
	}
	if err != nil || (found && !hasOld) {
		return err
	}
	if !found {
		if st, err = rebuildState(ms, legacyPromptVersion); err != nil {
			return err
		}
	}
	if hasOld {
		tokens := old.PromptTokens + old.CompletionTokens
		st.addUsage(Usage{PromptTokens: old.PromptTokens, CompletionTokens: old.CompletionTokens}, old.CostUSD,
			old.CostUSD > 0 || tokens == 0)
	}
	return putState(tx, roomID, st)
}
