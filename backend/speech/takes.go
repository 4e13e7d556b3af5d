package speech

import (
	"encoding/base64"
	"sort"
	"strconv"
	"time"

	"parley/backend/apperr"
	"parley/backend/chat"
	"parley/backend/userdata"
)

// The learner's own recordings are kept with the messages they became, so
// they can replay their line next to the AI's. The layout follows the
// speech cache's (backend/audio in the Listen work): under the user's sealed
// root,
//
//	speak        "index": sealed map of message → entry
//	speak/takes  one sealed recording per big-endian uint64 key
//
// with a size cap per user; the least recently played go first.
var (
	bucketSpeak = []string{"speak"}
	bucketTakes = []string{"speak", "takes"}
	takesIndex  = []byte("index")
)

// DefaultTakeCapBytes keeps about eight minutes of the learner's own voice
// (16 kHz 16-bit WAV is 32 000 bytes a second).
const DefaultTakeCapBytes = 16 << 20

// MessageSource reads the conversation (chat.Service).
type MessageSource interface {
	ListMessages(scope *userdata.Scope, roomID string, beforeID uint64, limit int) (chat.MessagePage, error)
}

type takeEntry struct {
	Seq  uint64    `json:"seq"`
	Size int64     `json:"size"`
	Used time.Time `json:"used"`
	Room string    `json:"room"`
}

type storedTake struct {
	Mime  string `json:"mime"`
	Audio []byte `json:"audio"`
}

func takeKey(roomID string, messageID uint64) string {
	return roomID + "/" + strconv.FormatUint(messageID, 10)
}

func readTakes(tx *userdata.Tx) (map[string]takeEntry, error) {
	idx := map[string]takeEntry{}
	b, err := tx.Bucket(bucketSpeak...)
	if err != nil || b == nil {
		return idx, err
	}
	if _, err := b.Get(takesIndex, &idx); err != nil {
		return idx, err
	}
	if idx == nil {
		idx = map[string]takeEntry{}
	}
	return idx, nil
}

func writeTakes(tx *userdata.Tx, idx map[string]takeEntry) error {
	b, err := tx.CreateBucket(bucketSpeak...)
	if err != nil {
		return err
	}
	return b.Put(takesIndex, idx)
}

// message returns the message, or message.not_found.
func (s *Service) message(scope *userdata.Scope, roomID string, messageID uint64) (chat.Message, error) {
	if messageID == 0 || messageID == ^uint64(0) {
		return chat.Message{}, apperr.New(apperr.MessageNotFound, "no such message")
	}
	page, err := s.opt.Messages.ListMessages(scope, roomID, messageID+1, 1)
	if err != nil {
		return chat.Message{}, err
	}
	if len(page.Messages) != 1 || page.Messages[0].ID != messageID {
		return chat.Message{}, apperr.New(apperr.MessageNotFound, "no such message")
	}
	return page.Messages[0], nil
}

// KeepTake stores a transcribed recording (by its take id) with the
// learner's message it became. A take that was pushed out or belongs to
// someone else is gone: message.not_found would mislead, so it is
// speak.not_recording.
func (s *Service) KeepTake(scope *userdata.Scope, roomID string, messageID uint64, takeID string) error {
	m, err := s.message(scope, roomID, messageID)
	if err != nil {
		return err
	}
	if m.Role != chat.RoleUser {
		return apperr.New(apperr.MessageNotFound, "only the learner's own lines keep a recording")
	}
	s.mu.Lock()
	var t *take
	for i := range s.pending {
		if s.pending[i].id == takeID && s.pending[i].userID == scope.UserID() {
			t = &s.pending[i]
		}
	}
	var kept take
	if t != nil {
		kept = *t
	}
	s.mu.Unlock()
	if t == nil {
		return apperr.New(apperr.SpeakNotRecording, "that recording is no longer here")
	}
	now := time.Now().UTC()
	return scope.Update(func(tx *userdata.Tx) error {
		idx, err := readTakes(tx)
		if err != nil {
			return err
		}
		b, err := tx.CreateBucket(bucketTakes...)
		if err != nil {
			return err
		}
		key := takeKey(roomID, messageID)
		if old, ok := idx[key]; ok {
			if err := b.Delete(userdata.U64Key(old.Seq)); err != nil {
				return err
			}
			delete(idx, key)
		}
		size := int64(len(kept.audio))
		if size <= s.opt.TakeCapBytes {
			seq, err := b.NextSequence()
			if err != nil {
				return err
			}
			if err := b.Put(userdata.U64Key(seq), storedTake{Mime: kept.mime, Audio: kept.audio}); err != nil {
				return err
			}
			idx[key] = takeEntry{Seq: seq, Size: size, Used: now, Room: roomID}
		}
		if err := evictTakes(b, idx, s.opt.TakeCapBytes); err != nil {
			return err
		}
		return writeTakes(tx, idx)
	})
}

// evictTakes drops the least recently played recordings while over cap.
func evictTakes(b *userdata.Bucket, idx map[string]takeEntry, capBytes int64) error {
	var total int64
	keys := make([]string, 0, len(idx))
	for k, e := range idx {
		total += e.Size
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, c := idx[keys[i]], idx[keys[j]]
		if !a.Used.Equal(c.Used) {
			return a.Used.Before(c.Used)
		}
		return a.Seq < c.Seq
	})
	for _, k := range keys {
		if total <= capBytes {
			break
		}
		if err := b.Delete(userdata.U64Key(idx[k].Seq)); err != nil {
			return err
		}
		total -= idx[k].Size
		delete(idx, k)
	}
	return nil
}

// Take is a kept recording ready for an <audio> element.
type Take struct {
	DataURL string `json:"dataUrl"`
}

// MyTakes lists which of a room's messages have a kept recording, so the
// UI shows "My voice" only where there is one.
func (s *Service) MyTakes(scope *userdata.Scope, roomID string) ([]uint64, error) {
	var ids []uint64
	err := scope.View(func(tx *userdata.Tx) error {
		idx, err := readTakes(tx)
		if err != nil {
			return err
		}
		prefix := roomID + "/"
		for k := range idx {
			if len(k) > len(prefix) && k[:len(prefix)] == prefix {
				if id, err := strconv.ParseUint(k[len(prefix):], 10, 64); err == nil {
					ids = append(ids, id)
				}
			}
		}
		return nil
	})
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	if ids == nil {
		ids = []uint64{}
	}
	return ids, err
}

// PlayTake returns the learner's recording of a message.
func (s *Service) PlayTake(scope *userdata.Scope, roomID string, messageID uint64) (Take, error) {
	var t storedTake
	found := false
	err := scope.Update(func(tx *userdata.Tx) error {
		idx, err := readTakes(tx)
		if err != nil {
			return err
		}
		e, ok := idx[takeKey(roomID, messageID)]
		if !ok {
			return nil
		}
		b, err := tx.Bucket(bucketTakes...)
		if err != nil || b == nil {
			return err
		}
		if found, err = b.Get(userdata.U64Key(e.Seq), &t); err != nil || !found {
			return err
		}
		e.Used = time.Now().UTC()
		idx[takeKey(roomID, messageID)] = e
		return writeTakes(tx, idx)
	})
	if err != nil {
		return Take{}, err
	}
	if !found {
		return Take{}, apperr.New(apperr.MessageNotFound, "no recording is kept for this line")
	}
	return Take{DataURL: "data:" + t.Mime + ";base64," + base64.StdEncoding.EncodeToString(t.Audio)}, nil
}

// PurgeRoom drops a room's recordings when the room is deleted for good,
// in the same transaction (a room.PurgeHook).
func PurgeRoom(tx *userdata.Tx, roomID string) error {
	idx, err := readTakes(tx)
	if err != nil || len(idx) == 0 {
		return err
	}
	b, err := tx.Bucket(bucketTakes...)
	if err != nil {
		return err
	}
	for k, e := range idx {
		if e.Room != roomID {
			continue
		}
		if b != nil {
			if err := b.Delete(userdata.U64Key(e.Seq)); err != nil {
				return err
			}
		}
		delete(idx, k)
	}
	return writeTakes(tx, idx)
}
