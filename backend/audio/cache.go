package audio

import (
	"sort"
	"time"

	"parley/backend/userdata"
)

// The cache keeps, under the user's sealed root:
//
//	speech        "index": one sealed index of every clip (id → entry) and
//	              the speech usage so far
//	speech/clips  one sealed clip per big-endian uint64 key
var (
	bucketSpeech = []string{"speech"}
	bucketClips  = []string{"speech", "clips"}
	indexKey     = []byte("index")
)

type entry struct {
	Seq  uint64    `json:"seq"`
	Size int64     `json:"size"`
	Used time.Time `json:"used"`
	Room string    `json:"room,omitempty"`
}

type usage struct {
	Characters int     `json:"characters"`
	Requests   int     `json:"requests"`
	CostUSD    float64 `json:"costUsd"`
	Unpriced   bool    `json:"unpriced,omitempty"`
}

type index struct {
	Clips map[string]entry `json:"clips"`
	Usage usage            `json:"usage"`
}

func readIndex(tx *userdata.Tx) (index, error) {
	idx := index{Clips: map[string]entry{}}
	b, err := tx.Bucket(bucketSpeech...)
	if err != nil || b == nil {
		return idx, err
	}
	if _, err := b.Get(indexKey, &idx); err != nil {
		return idx, err
	}
	if idx.Clips == nil {
		idx.Clips = map[string]entry{}
	}
	return idx, nil
}

func writeIndex(tx *userdata.Tx, idx index) error {
	b, err := tx.CreateBucket(bucketSpeech...)
	if err != nil {
		return err
	}
	return b.Put(indexKey, idx)
}

// cached returns the clip if it is in the cache, and marks it as just played.
func (s *Service) cached(scope *userdata.Scope, id string) (Clip, bool, error) {
	var c stored
	found := false
	err := scope.Update(func(tx *userdata.Tx) error {
		idx, err := readIndex(tx)
		if err != nil {
			return err
		}
		e, ok := idx.Clips[id]
		if !ok {
			return nil
		}
		b, err := tx.Bucket(bucketClips...)
		if err != nil || b == nil {
			return err
		}
		if found, err = b.Get(userdata.U64Key(e.Seq), &c); err != nil || !found {
			return err
		}
		e.Used = s.opt.Now().UTC()
		idx.Clips[id] = e
		return writeIndex(tx, idx)
	})
	if err != nil || !found {
		return Clip{}, false, err
	}
	return Clip{DataURL: c.dataURL(), Cached: true}, true, nil
}

// store adds a clip, counts what it cost, and evicts the least recently
// played clips until the cache fits its cap again. A clip larger than the
// whole cap is counted but not kept.
func (s *Service) store(scope *userdata.Scope, id, roomID string, c stored, u usage) error {
	return scope.Update(func(tx *userdata.Tx) error {
		idx, err := readIndex(tx)
		if err != nil {
			return err
		}
		idx.Usage.Characters += u.Characters
		idx.Usage.Requests++
		idx.Usage.CostUSD += u.CostUSD
		idx.Usage.Unpriced = idx.Usage.Unpriced || u.Unpriced

		b, err := tx.CreateBucket(bucketClips...)
		if err != nil {
			return err
		}
		size := int64(len(c.Audio))
		if size <= s.opt.CapBytes {
			seq, err := b.NextSequence()
			if err != nil {
				return err
			}
			if err := b.Put(userdata.U64Key(seq), c); err != nil {
				return err
			}
			idx.Clips[id] = entry{Seq: seq, Size: size, Used: s.opt.Now().UTC(), Room: roomID}
		}
		if err := evict(b, &idx, s.opt.CapBytes); err != nil {
			return err
		}
		return writeIndex(tx, idx)
	})
}

// evict drops the least recently played clips while the cache is over cap.
func evict(b *userdata.Bucket, idx *index, capBytes int64) error {
	var total int64
	ids := make([]string, 0, len(idx.Clips))
	for id, e := range idx.Clips {
		total += e.Size
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, c := idx.Clips[ids[i]], idx.Clips[ids[j]]
		if !a.Used.Equal(c.Used) {
			return a.Used.Before(c.Used)
		}
		return a.Seq < c.Seq
	})
	for _, id := range ids {
		if total <= capBytes {
			break
		}
		e := idx.Clips[id]
		if err := b.Delete(userdata.U64Key(e.Seq)); err != nil {
			return err
		}
		total -= e.Size
		delete(idx.Clips, id)
	}
	return nil
}

// CacheInfo is what the settings show of the speech cache and its cost.
type CacheInfo struct {
	Bytes    int64 `json:"bytes"`
	CapBytes int64 `json:"capBytes"`
	Clips    int   `json:"clips"`
	// Characters sent to speech so far, with their estimated cost; CostKnown
	// is false once a model without a known price was used.
	Characters       int     `json:"characters"`
	EstimatedCostUSD float64 `json:"estimatedCostUsd"`
	CostKnown        bool    `json:"costKnown"`
}

// CacheInfo returns the cache's size and cap, and what speech has cost.
func (s *Service) CacheInfo(scope *userdata.Scope) (CacheInfo, error) {
	var idx index
	err := scope.View(func(tx *userdata.Tx) (err error) {
		idx, err = readIndex(tx)
		return err
	})
	if err != nil {
		return CacheInfo{}, err
	}
	info := CacheInfo{CapBytes: s.opt.CapBytes, Clips: len(idx.Clips), Characters: idx.Usage.Characters,
		EstimatedCostUSD: idx.Usage.CostUSD, CostKnown: !idx.Usage.Unpriced}
	for _, e := range idx.Clips {
		info.Bytes += e.Size
	}
	return info, nil
}

// ClearCache drops every cached clip; the usage so far is kept, since it was
// paid for.
func (s *Service) ClearCache(scope *userdata.Scope) error {
	lock := s.userLock(scope.UserID())
	lock.Lock()
	defer lock.Unlock()
	return scope.Update(func(tx *userdata.Tx) error {
		idx, err := readIndex(tx)
		if err != nil {
			return err
		}
		if err := tx.DeleteBucket(bucketClips...); err != nil {
			return err
		}
		idx.Clips = map[string]entry{}
		return writeIndex(tx, idx)
	})
}

// PurgeRoom drops the clips of a room deleted for good, in the transaction
// that deletes it (a room.PurgeHook).
func PurgeRoom(tx *userdata.Tx, roomID string) error {
	idx, err := readIndex(tx)
	if err != nil || len(idx.Clips) == 0 {
		return err
	}
	b, err := tx.Bucket(bucketClips...)
	if err != nil {
		return err
	}
	for id, e := range idx.Clips {
		if e.Room != roomID {
			continue
		}
		if b != nil {
			if err := b.Delete(userdata.U64Key(e.Seq)); err != nil {
				return err
			}
		}
		delete(idx.Clips, id)
	}
	return writeIndex(tx, idx)
}
