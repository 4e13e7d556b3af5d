// Package transfer moves one learner's account between Parleys: Export
// writes everything the user has stored to one .parley file sealed with a
// passphrase, Import reads it back into a new account or merges it into the
// logged-in one.
//
// The file is an age file (filippo.io/age, scrypt recipient): a kept,
// reviewed format whose payload is authenticated chunk by chunk, so a changed
// or missing byte anywhere is refused, never half-read. Inside is a gzip'd
// stream of JSON lines:
//
//	{"t":"header","format":"parley-account","version":1,...}
//	{"t":"bucket","path":["msgs","<room>"],"seq":12}
//	{"t":"value","path":["msgs","<room>"],"key":"<base64>","value":{...}}
//	…
//	{"t":"end","values":N,"buckets":M}
//
// Values are the JSON each service stored, unsealed; the export walks the
// user's whole sealed subtree (userdata.Tx.Walk), so what a later feature
// stores travels without this package knowing its shape. On import each
// value is sealed again under the importing user's key, bucket and key.
package transfer

import (
	"encoding/json"
	"time"
)

// Format and Version name the payload. A file with a higher Version is
// refused (transfer.too_new): an older Parley cannot know what it holds.
const (
	Format  = "parley-account"
	Version = 1
	// Ext is the file name extension the save dialog proposes.
	Ext = ".parley"
)

// line is one JSON line of the payload; T says which kind.
type line struct {
	T string `json:"t"`

	// header
	Format      string    `json:"format,omitempty"`
	Version     int       `json:"version,omitempty"`
	ExportedAt  time.Time `json:"exportedAt,omitzero"`
	Username    string    `json:"username,omitempty"`
	DisplayName string    `json:"displayName,omitempty"`
	IncludesKey bool      `json:"includesKey,omitempty"`

	// bucket and value
	Path  []string        `json:"path,omitempty"`
	Seq   uint64          `json:"seq,omitempty"`
	Key   []byte          `json:"key,omitempty"`
	Value json.RawMessage `json:"value,omitempty"`

	// header and end: how many of each follow (header) or came (end)
	Values  int `json:"values,omitempty"`
	Buckets int `json:"buckets,omitempty"`
}

// Header is what an export says about itself, readable with the passphrase
// before anything is imported.
type Header struct {
	Version     int       `json:"version"`
	ExportedAt  time.Time `json:"exportedAt"`
	Username    string    `json:"username"`
	DisplayName string    `json:"displayName"`
	IncludesKey bool      `json:"includesKey"`
	Values      int       `json:"values"`
}

// Progress reports done of total values written or read; phase is
// "export" or "import".
type Progress func(phase string, done, total int)

// settingsPath and settingsKey locate the settings record, the only value
// holding a secret (the API key) that an export leaves out unless asked.
// TestTheAPIKeyTravelsOnlyWhenTicked fails if settings moves it.
var (
	settingsPath = []string{"settings"}
	settingsKey  = "settings"
	apiKeyField  = "apiKey"
	speechField  = "speech"   // its apiKey too
	proxyField   = "proxyUrl" // its password
)

func isSettings(path []string, key []byte) bool {
	return len(path) == 1 && path[0] == settingsPath[0] && string(key) == settingsKey
}
