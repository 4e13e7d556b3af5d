package transfer

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/url"
	"time"

	"filippo.io/age"

	"parley/backend/apperr"
	"parley/backend/userdata"
)

// MinPassphrase is the shortest passphrase an export accepts: the file may
// travel by mail or cloud folder, and scrypt only slows guessing down.
const MinPassphrase = 8

// CheckPassphrase refuses a passphrase too short to seal an export with.
func CheckPassphrase(p string) error {
	if len([]rune(p)) < MinPassphrase {
		return apperr.Field(apperr.InputTooShort, "passphrase", "the passphrase needs at least 8 characters")
	}
	return nil
}

// ExportOptions say what to export and how to seal it.
type ExportOptions struct {
	Passphrase  string
	IncludeKey  bool // keep the API key in the settings record
	Username    string
	DisplayName string
	Now         func() time.Time
	Progress    Progress
	// WorkFactor is scrypt's log2(N); 0 means age's default (18). Tests lower it.
	WorkFactor int
}

// ExportSummary says what went into the file.
type ExportSummary struct {
	Values  int `json:"values"`
	Buckets int `json:"buckets"`
	// Unreadable counts values that could not be opened (damaged on disk)
	// and were left out.
	Unreadable int `json:"unreadable"`
}

// Export writes the user's whole sealed subtree to w as an age file sealed
// with opt.Passphrase. It reads in one transaction, so the file is a
// consistent copy even while a reply is being saved.
func Export(scope *userdata.Scope, w io.Writer, opt ExportOptions) (ExportSummary, error) {
	if err := CheckPassphrase(opt.Passphrase); err != nil {
		return ExportSummary{}, err
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	rcpt, err := age.NewScryptRecipient(opt.Passphrase)
	if err != nil {
		return ExportSummary{}, apperr.Wrap(apperr.Internal, err, "cannot seal the export")
	}
	if opt.WorkFactor > 0 {
		rcpt.SetWorkFactor(opt.WorkFactor)
	}
	var sum ExportSummary
	err = scope.View(func(tx *userdata.Tx) error {
		total, buckets, err := count(tx)
		if err != nil {
			return err
		}
		sealed, err := age.Encrypt(w, rcpt)
		if err != nil {
			return writeErr(err)
		}
		gz := gzip.NewWriter(sealed)
		buf := bufio.NewWriterSize(gz, 64<<10)
		enc := json.NewEncoder(buf)
		put := func(l line) error {
			if err := enc.Encode(l); err != nil {
				return writeErr(err)
			}
			return nil
		}
		if err := put(line{T: "header", Format: Format, Version: Version, ExportedAt: opt.Now().UTC().Round(time.Second),
			Username: opt.Username, DisplayName: opt.DisplayName, IncludesKey: opt.IncludeKey,
			Values: total, Buckets: buckets}); err != nil {
			return err
		}
		done := 0
		err = tx.Walk(func(path []string, seq uint64) error {
			sum.Buckets++
			return put(line{T: "bucket", Path: path, Seq: seq})
		}, func(path []string, key []byte, unseal userdata.Unsealer) error {
			done++
			if opt.Progress != nil && (done%500 == 0 || done == total) {
				opt.Progress("export", done, total)
			}
			var raw json.RawMessage
			if err := unseal(&raw); err != nil {
				if isDamage(err) {
					sum.Unreadable++
					return nil
				}
				return err
			}
			if isSettings(path, key) && !opt.IncludeKey {
				raw = withoutSecrets(raw)
			}
			sum.Values++
			return put(line{T: "value", Path: path, Key: key, Value: raw})
		})
		if err != nil {
			return err
		}
		if err := put(line{T: "end", Values: sum.Values, Buckets: sum.Buckets}); err != nil {
			return err
		}
		if err := buf.Flush(); err != nil {
			return writeErr(err)
		}
		if err := gz.Close(); err != nil {
			return writeErr(err)
		}
		return writeErr(sealed.Close())
	})
	return sum, err
}

// count is how many values and buckets the walk will visit, for progress.
func count(tx *userdata.Tx) (values, buckets int, err error) {
	err = tx.Walk(func([]string, uint64) error { buckets++; return nil },
		func([]string, []byte, userdata.Unsealer) error { values++; return nil })
	return values, buckets, err
}

// withoutField drops one top-level field from a JSON object; anything that
// is not an object is returned as it is.
// withoutSecrets drops from the settings record what unlocks paid services:
// the chat API key, the speech server's key and a proxy's password. The
// rest (server, model, voice, profile) travels.
func withoutSecrets(raw json.RawMessage) json.RawMessage {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return raw
	}
	delete(obj, apiKeyField)
	if sp, ok := obj[speechField]; ok {
		var speech map[string]json.RawMessage
		if json.Unmarshal(sp, &speech) == nil {
			delete(speech, apiKeyField)
			obj[speechField], _ = json.Marshal(speech)
		}
	}
	if p, ok := obj[proxyField]; ok {
		var proxy string
		if json.Unmarshal(p, &proxy) == nil {
			if u, err := url.Parse(proxy); err == nil && u.User != nil {
				u.User = url.User(u.User.Username())
				obj[proxyField], _ = json.Marshal(u.String())
			}
		}
	}
	out, err := json.Marshal(obj)
	if err != nil {
		return raw
	}
	return out
}

func isDamage(err error) bool {
	code := apperr.CodeOf(err)
	return code == apperr.StoreTampered || code == apperr.StoreCorrupt
}

func writeErr(err error) error {
	if err == nil {
		return nil
	}
	return apperr.Wrap(apperr.StoreIO, err, "cannot write the export file")
}
