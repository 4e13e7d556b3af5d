package room

import (
	"cmp"
	"slices"
	"time"

	"parley/backend/apperr"
	"parley/backend/userdata"
)

// Bucket names under the user's root (u/<userID>/). Messages are chat's, but
// the room owns their lifetime: purging a room deletes msgs/<roomID>.
const (
	bucketRooms    = "rooms"
	bucketMessages = "msgs"
)

// Options configure a Service. The zero value is what the app uses, apart
// from Streaming and PromptVersion, which the app wires to the chat service.
type Options struct {
	// Now is the clock; nil means time.Now. Tests move it to expire the trash.
	Now func() time.Time
	// Streaming reports whether a reply is being written in a room, to fill
	// RoomSummary.Streaming; nil means never. Chat needs the room service
	// first, so the app passes a closure over the chat service made later:
	// func(u, r string) bool { return chatSvc.Streaming(u, r) }.
	Streaming func(userID, roomID string) bool
	// PromptVersion is stamped on new rooms (chat.PromptVersion), so a room
	// keeps the prompts it started with; room cannot import chat.
	PromptVersion int
}

// Service stores rooms in each user's sealed buckets. It keeps no state of
// its own beyond its options, so it is safe for concurrent use; every
// read-modify-write runs in one userdata transaction, which bbolt serialises.
type Service struct {
	now           func() time.Time
	streaming     func(userID, roomID string) bool
	promptVersion int
}

// NewService returns a room service.
func NewService(opt Options) *Service {
	s := &Service{now: opt.Now, streaming: opt.Streaming, promptVersion: opt.PromptVersion}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// record is a room as stored: the room plus what the list shows about its
// conversation, kept up to date by Touch so listing never reads messages.
type record struct {
	Room
	Preview      string `json:"preview,omitempty"`
	PreviewRole  string `json:"previewRole,omitempty"`
	MessageCount int    `json:"messageCount,omitempty"`
}

func (r *record) summary() RoomSummary {
	return RoomSummary{Room: r.Room, Preview: r.Preview, PreviewRole: r.PreviewRole, MessageCount: r.MessageCount}
}

func notFound() *apperr.Error { return apperr.New(apperr.RoomNotFound, "no such room") }

// tick returns the clock's time without its monotonic reading, in UTC, so
// what is stored is what is compared.
func (s *Service) tick() time.Time { return s.now().Round(0).UTC() }

// List returns the user's rooms (not those in the trash), the most recently
// active first.
func (s *Service) List(scope *userdata.Scope) ([]RoomSummary, error) {
	recs, err := s.all(scope)
	if err != nil {
		return nil, err
	}
	out := make([]RoomSummary, 0, len(recs))
	for _, r := range recs {
		if !r.InTrash() {
			out = append(out, s.withStreaming(scope, r.summary()))
		}
	}
	slices.SortFunc(out, func(a, b RoomSummary) int {
		return cmp.Or(
			b.LastActivityAt.Compare(a.LastActivityAt),
			b.CreatedAt.Compare(a.CreatedAt),
			cmp.Compare(a.ID, b.ID),
		)
	})
	return out, nil
}

func (s *Service) withStreaming(scope *userdata.Scope, sum RoomSummary) RoomSummary {
	if s.streaming != nil {
		sum.Streaming = s.streaming(scope.UserID(), sum.ID)
	}
	return sum
}

// Get returns one of the user's rooms. A room in the trash, another user's
// room and a made-up id all give room.not_found.
func (s *Service) Get(scope *userdata.Scope, id string) (Room, error) {
	var room Room
	err := scope.View(func(tx *userdata.Tx) error {
		r, err := s.GetTx(tx, id)
		room = r
		return err
	})
	return room, err
}

// GetTx is Get inside a transaction the caller already holds, so chat can
// check the room and write a message atomically.
func (s *Service) GetTx(tx *userdata.Tx, id string) (Room, error) {
	rec, err := s.load(tx, id)
	if err != nil {
		return Room{}, err
	}
	if rec.InTrash() {
		return Room{}, notFound()
	}
	return rec.Room, nil
}

// Exists reports whether id is one of the user's rooms outside the trash.
func (s *Service) Exists(scope *userdata.Scope, id string) (bool, error) {
	_, err := s.Get(scope, id)
	if apperr.CodeOf(err) == apperr.RoomNotFound {
		return false, nil
	}
	return err == nil, err
}

// Create validates in and stores a new room. Only the first bad field is
// returned (see Validate).
func (s *Service) Create(scope *userdata.Scope, in RoomInput) (Room, error) {
	clean, errs := prepare(in)
	if len(errs) > 0 {
		return Room{}, errs[0]
	}
	now := s.tick()
	rec := record{Room: fromInput(clean)}
	rec.PromptVersion = s.promptVersion
	rec.CreatedAt, rec.UpdatedAt, rec.LastActivityAt = now, now, now
	err := scope.Update(func(tx *userdata.Tx) error {
		b, err := tx.CreateBucket(bucketRooms)
		if err != nil {
			return err
		}
		for {
			rec.ID = newID()
			taken, err := b.Get([]byte(rec.ID), &record{})
			if err != nil {
				return err
			}
			if !taken {
				break
			}
		}
		return b.Put([]byte(rec.ID), &rec)
	})
	if err != nil {
		return Room{}, err
	}
	return rec.Room, nil
}

// Update replaces the editable fields of a room outside the trash. Its
// conversation, times of creation and last activity are kept.
func (s *Service) Update(scope *userdata.Scope, id string, in RoomInput) (Room, error) {
	if !validID(id) {
		return Room{}, notFound()
	}
	var out Room
	err := scope.Update(func(tx *userdata.Tx) error {
		rec, err := s.load(tx, id)
		if err != nil {
			return err
		}
		if rec.InTrash() {
			return notFound()
		}
		clean, errs := prepareUpdate(in, rec.PresetID)
		if len(errs) > 0 {
			return errs[0]
		}
		edited := fromInput(clean)
		edited.ID, edited.PromptVersion = rec.ID, rec.PromptVersion
		edited.CreatedAt, edited.LastActivityAt = rec.CreatedAt, rec.LastActivityAt
		edited.UpdatedAt = s.tick()
		rec.Room = edited
		out = edited
		return s.save(tx, rec)
	})
	return out, err
}

// prepareUpdate is prepare, except that a room keeps a preset id it already
// has even if a later version of Parley dropped that preset: editing an old
// room must not fail on a field the learner never touched.
func prepareUpdate(in RoomInput, storedPreset string) (RoomInput, []*apperr.Error) {
	keep := storedPreset != "" && cleanText(in.PresetID) == storedPreset
	if _, known := PresetByID(storedPreset); !keep || known {
		return prepare(in)
	}
	in.PresetID = ""
	out, errs := prepare(in)
	out.PresetID = storedPreset
	return out, errs
}

func fromInput(in RoomInput) Room { return Room{RoomInput: in} }

// load reads a room record of the user, in or out of the trash.
func (s *Service) load(tx *userdata.Tx, id string) (*record, error) {
	if !validID(id) {
		return nil, notFound()
	}
	b, err := tx.Bucket(bucketRooms)
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, notFound()
	}
	var rec record
	found, err := b.Get([]byte(id), &rec)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, notFound()
	}
	return &rec, nil
}

func (s *Service) save(tx *userdata.Tx, rec *record) error {
	b, err := tx.CreateBucket(bucketRooms)
	if err != nil {
		return err
	}
	return b.Put([]byte(rec.ID), rec)
}

// all reads every room record of the user, in and out of the trash. A user
// has tens or hundreds of rooms, so reading them all is cheaper than keeping
// a sealed activity index in step. See allTx for damaged records.
func (s *Service) all(scope *userdata.Scope) ([]*record, error) {
	var recs []*record
	err := scope.View(func(tx *userdata.Tx) error {
		var err error
		recs, err = s.allTx(tx)
		return err
	})
	return recs, err
}

// allTx is all inside the caller's transaction.
//
// A record that cannot be opened (changed on disk, or not valid JSON) is left
// out rather than failing the whole list: one bad record must not hide every
// other room, or stop the trash from being emptied. Its bytes are kept, and
// opening that room by id still reports store.tampered or store.corrupt.
func (s *Service) allTx(tx *userdata.Tx) ([]*record, error) {
	b, err := tx.Bucket(bucketRooms)
	if err != nil || b == nil {
		return nil, err
	}
	var recs []*record
	err = b.ForEach(func(k []byte) error {
		var rec record
		if _, err := b.Get(k, &rec); err != nil {
			if code := apperr.CodeOf(err); code == apperr.StoreTampered || code == apperr.StoreCorrupt {
				return nil
			}
			return err
		}
		recs = append(recs, &rec)
		return nil
	})
	return recs, err
}
