// Package search finds the logged-in learner's messages across every room.
//
// Everything on disk is sealed, so search keeps its index in memory only: it
// is built from chat's own reading of the conversation in the background
// right after log-in (or by the first search, if none is built), kept
// current through chat's change notifications, and wiped at log-out.
// Nothing of it is ever written to disk.
package search

import (
	"context"
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
	ScanTexts(ctx context.Context, scope *userdata.Scope, workers int, newRun func(roomID string, n int) func(chat.TextMessage)) error
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

	mu       sync.Mutex
	idx      *index             // the logged-in user's, once built
	building *builder           // the build under way, if any
	hook     func(stage string) // tests hold builds with it (export_test.go)
	built    func()             // called after each build (OnBuilt)
}

// builder is a build under way. Changes chat commits meanwhile may be
// missing from what it reads, so they wait in pending and are applied once
// it is done; one it already read is simply indexed again.
type builder struct {
	userID  string
	cancel  context.CancelFunc
	done    chan struct{}
	pending []chat.Change
	err     error // why it failed, once done
}

// New returns a search service over chat's messages and the room list.
func New(c Chat, rooms Rooms) *Service { return &Service{chat: c, rooms: rooms} }

// OnBuilt sets what runs after each build, before any search: core hands
// the build's scratch memory (about twice the index) back to the system
// with the memory a log-in leaves, in one release.
func (s *Service) OnBuilt(fn func()) { s.built = fn }

// Search finds messages of the scope's user. A call that finds no index
// builds one, or waits for the build under way; an empty query only does
// that, so the UI can ask for it when the search box opens.
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

// Warm starts building the index of the scope's user in the background,
// unless it is built or being built; core calls it right after log-in, so
// the first search finds it ready. It reads on one core, leaving the other
// to the UI as it starts; a search that comes meanwhile waits for it.
func (s *Service) Warm(scope *userdata.Scope) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.startLocked(scope, 1)
}

// ensure returns the index of the scope's user, building it (on every
// core) or waiting for the build under way. s.mu is held on entry and on
// return, released while waiting.
func (s *Service) ensure(scope *userdata.Scope) (*index, error) {
	for {
		b := s.startLocked(scope, 0)
		if b == nil {
			return s.idx, nil
		}
		s.mu.Unlock()
		<-b.done
		s.mu.Lock()
		if b.err != nil {
			return nil, b.err
		}
	}
}

// startLocked returns the build of the scope's user under way, starting one
// when there is neither an index nor a build of that user, and nil when the
// index is there. Another user's index or build is dropped first. s.mu is held.
func (s *Service) startLocked(scope *userdata.Scope, workers int) *builder {
	uid := scope.UserID()
	if s.idx != nil && s.idx.userID == uid {
		return nil
	}
	if s.building != nil && s.building.userID == uid {
		return s.building
	}
	s.dropLocked()
	ctx, cancel := context.WithCancel(context.Background())
	b := &builder{userID: uid, cancel: cancel, done: make(chan struct{})}
	s.building = b
	go s.run(ctx, scope, workers, s.hook, b)
	return b
}

// run builds b's index and puts it in place with the changes committed
// meanwhile, unless b was dropped (log-out) while it read: then what it read
// is wiped.
func (s *Service) run(ctx context.Context, scope *userdata.Scope, workers int, hook func(string), b *builder) {
	x, err := build(ctx, s.chat, scope, workers, hook)
	if hook != nil {
		hook("read")
	}
	s.install(b, x, err)
	close(b.done)
	if s.built != nil {
		s.built()
	}
}

func (s *Service) install(b *builder, x *index, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b.cancel()
	if s.building != b {
		if x != nil {
			x.wipe()
		}
		b.err = apperr.New(apperr.AuthRequired, "logged out while the search index was built")
		return
	}
	s.building = nil
	if err != nil {
		b.err = err
		return
	}
	for _, c := range b.pending {
		x.apply(c)
	}
	b.pending = nil
	s.idx = x
}

// Apply keeps the index current with a change chat committed; core
// registers it with chat.OnChange. Before a build there is no index to keep
// current: building it will read the change.
func (s *Service) Apply(c chat.Change) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := s.building; b != nil && b.userID == c.UserID {
		b.pending = append(b.pending, c)
	}
	x := s.idx
	if x == nil || x.userID != c.UserID {
		return
	}
	x.apply(c)
	// Edits leave old text behind; start afresh once it is most of the buffer.
	if x.dead > 1000 && x.dead > len(x.docs)/2 {
		s.dropLocked()
	}
}

// Drop wipes the index, and stops a build under way; core calls it at
// log-out.
func (s *Service) Drop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropLocked()
}

func (s *Service) dropLocked() {
	if s.building != nil {
		s.building.cancel()
		s.building.pending = nil
		s.building = nil
	}
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
	return Stats{Messages: s.idx.live(), Bytes: s.idx.bytes()}
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
