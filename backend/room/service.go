package room

import (
	"cmp"
	"slices"
	"time"

	"parley/backend/apperr"
	"parley/backend/userdata"
)

// bucketRooms holds the user's rooms under their root (u/<userID>/rooms).
const bucketRooms = "rooms"

// PurgeHook runs in the transaction that deletes a room for good, so whatever
// other services keep about the room goes with it or not at all.
type PurgeHook func(tx *userdata.Tx, roomID string) error

// Options configure a Service; the zero value is a working service.
type Options struct {
	// Now is the clock; nil means time.Now. Tests move it to expire the trash.
	Now func() time.Time
	// OnPurge runs for every room deleted for good (emptied trash, expiry).
	// Rooms know nothing of what hangs off them; the app registers the
	// services that keep data per room here.
	OnPurge []PurgeHook
}

// Service stores rooms in each user's sealed buckets. It keeps no state of
// its own beyond its options, so it is safe for concurrent use; every
// read-modify-write runs in one userdata transaction, which bbolt serialises.
type Service struct {
	now     func() time.Time
	onPurge []PurgeHook
}

// NewService returns a room service.
func NewService(opt Options) *Service {
	s := &Service{now: opt.Now, onPurge: append([]PurgeHook(nil), opt.OnPurge...)}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// record is a room as stored. Records written by older versions may hold
// more fields; decoding ignores them and the next save drops them.
type record struct{ Room }

func notFound() *apperr.Error { return apperr.New(apperr.RoomNotFound, "no such room") }

// tick returns the clock's time without its monotonic reading, in UTC, so
// what is stored is what is compared.
func (s *Service) tick() time.Time { return s.now().Round(0).UTC() }

// List returns the user's rooms that are not in the trash, newest first.
func (s *Service) List(scope *userdata.Scope) ([]Room, error) {
	recs, err := s.all(scope)
	if err != nil {
		return nil, err
	}
	out := make([]Room, 0, len(recs))
	for _, r := range recs {
		if !r.InTrash() {
			out = append(out, r.Room)
		}
	}
	slices.SortFunc(out, func(a, b Room) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
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

// GetTx is Get inside a transaction the caller already holds, so a caller can
// check the room and write what it keeps about it atomically.
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

// Create validates in and stores a new room. Only the first bad field is
// returned (see Validate).
func (s *Service) Create(scope *userdata.Scope, in RoomInput) (Room, error) {
	clean, errs := prepare(in)
	if len(errs) > 0 {
		return Room{}, errs[0]
	}
	now := s.tick()
	rec := record{Room: fromInput(clean)}
	rec.CreatedAt, rec.UpdatedAt = now, now
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
// id and time of creation are kept.
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
		edited.ID, edited.CreatedAt = rec.ID, rec.CreatedAt
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
