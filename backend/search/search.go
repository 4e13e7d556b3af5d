// Package search finds the logged-in learner's messages across every room.
//
// Everything on disk is sealed, so search keeps its index in memory only: it
// is built from chat's own reading of the conversation on the first search
// after log-in, kept current through chat's change notifications, and wiped
// at log-out. Nothing of it is ever written to disk.
package search

import (
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"parley/backend/apperr"
	"parley/backend/chat"
	"parley/backend/room"
	"parley/backend/userdata"
)

// Chat is what search needs of the chat service (*chat.Service implements it).
type Chat interface {
	EachMessage(scope *userdata.Scope, visit func(roomID string, m chat.Message)) error
	MessagesByID(scope *userdata.Scope, roomID string, ids []uint64) (map[uint64]chat.Message, error)
}

// Rooms lists the learner's rooms outside the trash (*room.Service does).
type Rooms interface {
	List(scope *userdata.Scope) ([]room.Room, error)
}

// Limits of one search.
const (
	DefaultLimit = 100
	MaxLimit     = 500
	MaxQueryLen  = 200
)

// Request is one search: the words to find (all of them, anywhere in a
// message, case-insensitively; no spaces needed between Korean or Japanese
// words), and optionally a room language (ko, en, ja).
type Request struct {
	Query    string `json:"query"`
	Language string `json:"language"`
	Limit    int    `json:"limit"`
}

// Result is what a search found, grouped by room. Rooms come in the order
// of their newest hit, hits newest first. Total counts every match; More
// says some were left out to keep the answer short.
type Result struct {
	Rooms []RoomHits `json:"rooms"`
	Total int        `json:"total"`
	More  bool       `json:"more"`
}

// RoomHits is the hits in one room.
type RoomHits struct {
	RoomID   string `json:"roomId"`
	Title    string `json:"title"`
	Language string `json:"language"`
	Hits     []Hit  `json:"hits"`
}

// Hit is one message that matched, with a one-line snippet around the match.
type Hit struct {
	MessageID uint64    `json:"messageId"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"createdAt"`
	Snippet   []Part    `json:"snippet"`
}

// Part is a piece of a snippet; Match marks the words searched for.
type Part struct {
	Text  string `json:"text"`
	Match bool   `json:"match,omitempty"`
}

// Service searches the logged-in user's messages. It is safe for concurrent use.
type Service struct {
	chat  Chat
	rooms Rooms

	mu  sync.Mutex
	idx *index // nil until the first search after log-in
}

// New returns a search service over chat's messages and the room list.
func New(c Chat, rooms Rooms) *Service { return &Service{chat: c, rooms: rooms} }

// Search finds messages of the scope's user. The first call after log-in
// builds the index; an empty query only does that, so the UI can ask for it
// when the search box opens.
func (s *Service) Search(scope *userdata.Scope, req Request) (Result, error) {
	if utf8.RuneCountInString(req.Query) > MaxQueryLen {
		return Result{}, apperr.Field(apperr.InputInvalid, "query", "the search is too long")
	}
	limit := req.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	terms := queryTerms(req.Query)
	live, err := s.rooms.List(scope)
	if err != nil {
		return Result{}, err
	}
	s.mu.Lock()
	x, err := s.ensure(scope)
	if err != nil || len(terms) == 0 {
		s.mu.Unlock()
		return Result{Rooms: []RoomHits{}}, err
	}
	// Rooms outside the trash, by index number, that pass the language filter.
	allowed := make([]bool, len(x.rooms))
	info := map[uint32]room.Room{}
	for _, r := range live {
		if n, ok := x.roomNo[r.ID]; ok && (req.Language == "" || r.Language == req.Language) {
			allowed[n] = true
			info[n] = r
		}
	}
	found := x.match(terms, func(d *doc) bool { return allowed[d.room] })
	hits := make([]doc, len(found))
	for i, di := range found {
		hits[i] = x.docs[di]
	}
	s.mu.Unlock()

	slices.SortFunc(hits, func(a, b doc) int {
		if a.at != b.at {
			return compare(b.at, a.at)
		}
		return compare(b.id, a.id)
	})
	res := Result{Total: len(hits), Rooms: []RoomHits{}}
	if len(hits) > limit {
		hits, res.More = hits[:limit], true
	}
	return res, s.group(scope, &res, hits, info, terms)
}

// group reads the hit messages (their text as written, for the snippets)
// and puts them under their rooms.
func (s *Service) group(scope *userdata.Scope, res *Result, hits []doc, info map[uint32]room.Room, terms [][]byte) error {
	order := []uint32{}
	ids := map[uint32][]uint64{}
	for _, h := range hits {
		if _, seen := ids[h.room]; !seen {
			order = append(order, h.room)
		}
		ids[h.room] = append(ids[h.room], h.id)
	}
	for _, n := range order {
		r := info[n]
		msgs, err := s.chat.MessagesByID(scope, r.ID, ids[n])
		if apperr.CodeOf(err) == apperr.RoomNotFound {
			continue // deleted since the list was read
		}
		if err != nil {
			return err
		}
		group := RoomHits{RoomID: r.ID, Title: r.Title, Language: r.Language}
		for _, id := range ids[n] {
			m, ok := msgs[id]
			if !ok {
				continue
			}
			group.Hits = append(group.Hits, Hit{MessageID: id, Role: m.Role, CreatedAt: m.CreatedAt, Snippet: snippet(m.Text, terms)})
		}
		if len(group.Hits) > 0 {
			res.Rooms = append(res.Rooms, group)
		}
	}
	return nil
}

// ensure returns the index of the scope's user, building it when there is
// none (or it belongs to someone else). s.mu is held.
func (s *Service) ensure(scope *userdata.Scope) (*index, error) {
	if s.idx != nil && s.idx.userID == scope.UserID() {
		return s.idx, nil
	}
	s.dropLocked()
	x := newIndex(scope.UserID())
	if err := s.chat.EachMessage(scope, x.put); err != nil {
		x.wipe()
		return nil, err
	}
	s.idx = x
	return x, nil
}

// Apply keeps the index current with a change chat committed; core
// registers it with chat.OnChange. Before the first search there is no index
// to keep current: building it will read the change.
func (s *Service) Apply(c chat.Change) {
	s.mu.Lock()
	defer s.mu.Unlock()
	x := s.idx
	if x == nil || x.userID != c.UserID {
		return
	}
	for _, id := range c.Deleted {
		x.delete(c.RoomID, id)
	}
	for _, m := range c.Saved {
		x.put(c.RoomID, m)
	}
	// Edits leave old text behind; start afresh once it is most of the buffer.
	if x.dead > 1000 && x.dead > len(x.docs)/2 {
		s.dropLocked()
	}
}

// Drop wipes the index; core calls it at log-out.
func (s *Service) Drop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropLocked()
}

func (s *Service) dropLocked() {
	if s.idx != nil {
		s.idx.wipe()
		s.idx = nil
	}
}

// Stats is the size of the index in memory, for benchmarks.
type Stats struct {
	Messages int
	Bytes    int
}

// Stats reports the current index's size (zero when none is built).
func (s *Service) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.idx == nil {
		return Stats{}
	}
	return Stats{Messages: len(s.idx.where), Bytes: s.idx.bytes()}
}

// queryTerms folds the query and splits it at spaces; every term must match.
func queryTerms(q string) [][]byte {
	var out [][]byte
	for _, w := range strings.FieldsFunc(q, unicode.IsSpace) {
		t := fold(w)
		if len(t) > 0 && !slices.ContainsFunc(out, func(o []byte) bool { return string(o) == string(t) }) {
			out = append(out, t)
		}
	}
	return out
}

func compare[T int64 | uint64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
