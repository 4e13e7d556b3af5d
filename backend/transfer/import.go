package transfer

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"

	"filippo.io/age"

	"parley/backend/apperr"
	"parley/backend/userdata"
)

// ImportReport says what an import did. Nothing already in the account is
// overwritten: a value present with other content is a conflict, kept as
// it was and counted by the bucket it lives in (rooms, msgs, settings, …).
type ImportReport struct {
	Added     int            `json:"added"`
	Same      int            `json:"same"` // already there, identical
	Conflicts int            `json:"conflicts"`
	ByBucket  map[string]int `json:"conflictsByBucket"`
	// Rooms is how many room records were added.
	Rooms int `json:"rooms"`
}

// reader decodes an export's lines after checking the passphrase.
type reader struct {
	dec *json.Decoder
	gz  *gzip.Reader
}

// open checks the passphrase and the header. Errors: transfer.not_export
// (not an age file), transfer.bad_passphrase, transfer.damaged,
// transfer.too_new.
func open(r io.Reader, passphrase string) (*reader, Header, error) {
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, Header{}, apperr.Field(apperr.TransferBadPassphrase, "passphrase", "the passphrase is wrong")
	}
	plain, err := age.Decrypt(r, id)
	if err != nil {
		var noMatch *age.NoIdentityMatchError
		switch {
		case errors.As(err, &noMatch):
			return nil, Header{}, &apperr.Error{Code: apperr.TransferBadPassphrase, Field: "passphrase", Message: "the passphrase is wrong", Err: err}
		case bytes.Contains([]byte(err.Error()), []byte("failed to read header")):
			return nil, Header{}, apperr.Wrap(apperr.TransferNotExport, err, "this is not a Parley export file")
		default:
			return nil, Header{}, damagedErr(err)
		}
	}
	gz, err := gzip.NewReader(plain)
	if err != nil {
		return nil, Header{}, damagedErr(err)
	}
	rd := &reader{dec: json.NewDecoder(gz), gz: gz}
	var h line
	if err := rd.dec.Decode(&h); err != nil {
		return nil, Header{}, damagedErr(err)
	}
	if h.T != "header" || h.Format != Format {
		return nil, Header{}, apperr.New(apperr.TransferNotExport, "this is not a Parley account export")
	}
	if h.Version > Version {
		return nil, Header{}, apperr.New(apperr.TransferTooNew, "the export was made by a newer Parley")
	}
	return rd, Header{Version: h.Version, ExportedAt: h.ExportedAt, Username: h.Username, DisplayName: h.DisplayName,
		IncludesKey: h.IncludesKey, Values: h.Values}, nil
}

func damagedErr(err error) error {
	return apperr.Wrap(apperr.TransferDamaged, err, "the export file is damaged or incomplete")
}

// Reader is an export whose passphrase and header have been checked, ready
// to be imported: the app opens one before making an account, so a wrong
// passphrase or a newer file makes no account, and scrypt runs once.
type Reader struct {
	rd   *reader
	head Header
}

// Open checks the passphrase and reads the header (see Import for errors).
func Open(r io.Reader, passphrase string) (*Reader, Header, error) {
	rd, h, err := open(r, passphrase)
	if err != nil {
		return nil, Header{}, err
	}
	return &Reader{rd: rd, head: h}, h, nil
}

// ImportInto imports what follows the header into the user's data, as
// Import does. A Reader is read once.
func (r *Reader) ImportInto(scope *userdata.Scope, opt ImportOptions) (ImportReport, error) {
	return importFrom(scope, r.rd, r.head, opt)
}

// ImportOptions tune Import.
type ImportOptions struct {
	Progress Progress
}

// Import reads the export in r into the user's data, in one transaction: a
// wrong passphrase, a changed or cut-short file or a newer format changes
// nothing. Values are matched by bucket and key (rooms by id, messages by
// id within their room); see ImportReport for what happens to each.
func Import(scope *userdata.Scope, r io.Reader, passphrase string, opt ImportOptions) (ImportReport, error) {
	rd, head, err := open(r, passphrase)
	if err != nil {
		return ImportReport{}, err
	}
	return importFrom(scope, rd, head, opt)
}

func importFrom(scope *userdata.Scope, rd *reader, head Header, opt ImportOptions) (ImportReport, error) {
	var rep ImportReport
	err := scope.Update(func(tx *userdata.Tx) error {
		rep = ImportReport{ByBucket: map[string]int{}}
		values, buckets := 0, 0
		for {
			var l line
			if err := rd.dec.Decode(&l); err != nil {
				// The end line must come before the stream ends.
				return damagedErr(err)
			}
			switch l.T {
			case "bucket":
				if len(l.Path) == 0 {
					return damagedErr(errors.New("a bucket without a path"))
				}
				b, err := tx.CreateBucket(l.Path...)
				if err != nil {
					return err
				}
				if err := b.RaiseSequence(l.Seq); err != nil {
					return err
				}
				buckets++
			case "value":
				if err := putValue(tx, l, &rep); err != nil {
					return err
				}
				values++
				if opt.Progress != nil && (values%500 == 0 || values == head.Values) {
					opt.Progress("import", values, head.Values)
				}
			case "end":
				if l.Values != values || l.Buckets != buckets {
					return damagedErr(errors.New("the export's counts do not match what it holds"))
				}
				// Nothing may follow the end: age has authenticated it all.
				if _, err := rd.gz.Read(make([]byte, 1)); err != io.EOF {
					return damagedErr(errors.New("data after the end of the export"))
				}
				return nil
			default:
				return damagedErr(errors.New("an unknown line"))
			}
		}
	})
	if err != nil {
		return ImportReport{}, err
	}
	return rep, nil
}

// putValue adds one value unless the account already holds that key.
func putValue(tx *userdata.Tx, l line, rep *ImportReport) error {
	if len(l.Path) == 0 || len(l.Key) == 0 || len(l.Value) == 0 || !json.Valid(l.Value) {
		return damagedErr(errors.New("a value without a place"))
	}
	b, err := tx.CreateBucket(l.Path...)
	if err != nil {
		return err
	}
	have, err := b.GetRaw(l.Key)
	if err != nil && !isDamage(err) {
		return err
	}
	switch {
	case err != nil:
		// A damaged value here is not overwritten on a guess either.
		rep.Conflicts++
		rep.ByBucket[l.Path[0]]++
	case have == nil:
		if err := b.Put(l.Key, l.Value); err != nil {
			return err
		}
		rep.Added++
		if len(l.Path) == 1 && l.Path[0] == "rooms" {
			rep.Rooms++
		}
	case sameJSON(have, l.Value):
		rep.Same++
	default:
		rep.Conflicts++
		rep.ByBucket[l.Path[0]]++
	}
	clear(have)
	return nil
}

func sameJSON(a, b []byte) bool {
	var ca, cb bytes.Buffer
	if json.Compact(&ca, a) != nil || json.Compact(&cb, b) != nil {
		return false
	}
	return bytes.Equal(ca.Bytes(), cb.Bytes())
}
