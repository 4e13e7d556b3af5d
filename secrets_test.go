package main

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"testing"

	"parley/backend/account"
	"parley/backend/llm"
	"parley/backend/settings"
	"parley/backend/userdata"
	"parley/backend/vault"
)

// reachesJS lists every struct type a bound method may hand to the web view,
// each with why it carries no secret. A new type reaching JS fails
// TestOnlyReviewedTypesReachTheWebView until it is reviewed and added here;
// a type that no longer reaches JS must be removed. Keys are the package path
// and type name.
var reachesJS = map[string]string{
	"parley.Info":                  "build version and the data file's path; the path is the learner's own",
	"parley/backend/update.Result": "the running and newest release versions and the release page's link",

	"parley/backend/account.Session":      "logged-in flag and the public User",
	"parley/backend/account.User":         "id, username, display name, creation time: no hash, salt or key",
	"parley/backend/account.SignUpResult": "the User and the recovery code, which must be shown once, at sign-up or recovery, and is never stored in clear",

	"parley/backend/apperr.Error": "code, field and English fallback; the cause (Err) is json:\"-\" and formatError drops it",

	"parley/backend/settings.Settings":    "hasKey and the key's last four characters, never the key; base URL, model, proxy URL, UI choices",
	"parley/backend/settings.Learner":     "the learner's explanation and practice language, level and token display choice",
	"parley/backend/llm.ConnectionReport": "outcome code, message, model names and latency of a test call; no request or key",

	"parley/backend/room.Room":         "the learner's own room fields and timestamps",
	"parley/backend/room.RoomInput":    "the room fields the learner typed",
	"parley/backend/core.RoomSummary":  "a Room with a preview of its last message, counts and whether a reply streams",
	"parley/backend/core.Limits":       "field limits, levels and languages: constants of the build",
	"parley/backend/core.DamageReport": "two counts of records that cannot be read",

	"parley/backend/store.BackupInfo":        "a backup's file name (no folder), kind, time and size",
	"parley/backend/store.RestoreResult":     "the file name of the copy that undoes a restore",
	"parley/backend/core.SalvageResult":      "a SalvageReport and the file name of the kept damaged file",
	"parley/backend/integrity.SalvageReport": "counts of what a salvage kept and lost, and bbolt's words on damaged pages (bucket names, page numbers)",
	"parley/backend/core.DeleteResult":       "two flags: file compacted, backups purged",
	"parley.RoomExportResult":                "whether a transcript was saved and its file name (no folder)",
	"parley.ExportResult":                    "whether the export was saved, its file name (no folder) and counts",
	"parley/backend/transfer.ExportSummary":  "counts of values and buckets exported",
	"parley.ImportResult":                    "whether a file was chosen, and the ImportReport",
	"parley/backend/transfer.ImportReport":   "counts of values added, already there and in conflict, by bucket name",
	"parley.ImportNewResult":                 "whether a file was chosen, and core.ImportNewResult",
	"parley/backend/core.ImportNewResult":    "the new account's SignUpResult (recovery code shown once, as at sign-up) and the ImportReport",
	"parley/backend/room.Preset":             "built-in scenario texts",
	"parley/backend/room.Localized":          "one built-in text in ko, en and ja",

	"parley/backend/chat.Message":              "one line of the learner's conversation, its status and usage",
	"parley/backend/chat.MessagePage":          "a page of Messages",
	"parley/backend/chat.SendResult":           "ids of the saved message and the reply being written",
	"parley/backend/chat.Usage":                "token counts of one reply",
	"parley/backend/chat.RoomUsage":            "token totals and the estimated cost of a room",
	"parley/backend/coach.Feedback":            "the coach's word on one learner line: its text, corrections, status code",
	"parley/backend/coach.Result":              "corrections of one line and the goal numbers met",
	"parley/backend/coach.Change":              "one correction: spans, category, explanation",
	"parley/backend/coach.Goal":                "one can-do goal of the room and whether it is met",
	"parley/backend/coach.RoomCoaching":        "a room's coach mode, goals and feedback",
	"parley/backend/coach.HintLadder":          "the four rungs of a hint: aim, phrases, sentence start, line",
	"parley/backend/coach.Phrase":              "a useful phrase and its meaning",
	"parley/backend/coach.LineRung":            "the hint rung reached before one learner line",
	"parley/backend/coach.Translation":         "a message translated into the UI language",
	"parley/backend/coach.Ways":                "ways to say something in the room's language",
	"parley/backend/coach.Way":                 "one way to say it, with a note",
	"parley/backend/coach.Debrief":             "a session's report: goals, corrections, phrases, level, counts",
	"parley/backend/coach.CategoryCorrections": "a debrief's corrections of one category",
	"parley/backend/coach.Correction":          "one corrected line in a debrief",
	"parley/backend/coach.LevelFit":            "CEFR levels and a note",
	"parley/backend/coach.SessionStats":        "counts of lines, words, minutes and hints",
	"parley/backend/chat.SceneTranslation":     "a room's scene texts in another language",
	"parley/backend/chat.UsageReport":          "token totals and estimated costs per month and model names",
	"parley/backend/chat.MonthUsage":           "one month's token totals and costs per model name",
	"parley/backend/chat.ModelUsage":           "a model name with its token totals and cost",
	"parley/backend/chat.UsageLine":            "request count, token totals and an estimated cost",

	"parley/backend/settings.SpeakSettings": "the transcription model name and ids of rooms that send transcripts at once",
	"parley/backend/speech.CaptureInfo":     "whether Go records in this build, and the OS name",
	"parley/backend/speech.Recording":       "a random recording id",
	"parley/backend/speech.Transcript":      "the learner's own words, a random take id, duration and byte count",
	"parley/backend/speech.Take":            "the learner's own recording of their own line, as a data URL",
	"parley/backend/speech.Comparison":      "a line of the conversation and the learner's transcript, word by word",
	"parley/backend/speech.WordDiff":        "one word of that comparison",

	"parley/backend/settings.SpeechView": "speech model, voice, base URL, hasKey and the speech key's last four characters, never the key",
	"parley/backend/audio.Clip":          "the spoken line's audio as a data: URL and whether it came from the cache",
	"parley/backend/audio.CacheInfo":     "the speech cache's size and cap, characters spoken and their estimated cost",

	"parley/backend/phrasebook.Phrase":      "a phrase the learner saved, its notes and its review schedule",
	"parley/backend/phrasebook.PhraseInput": "the phrase fields the learner or a feature saved",
	"parley/backend/phrasebook.Card":        "a phrase's FSRS review state: numbers and dates",
	"parley/backend/phrasebook.Due":         "the phrases due for review and how many",
	"parley/backend/phrasebook.ExportFile":  "the learner's own phrasebook as Anki TSV or CSV text, with a file name",

	"parley/backend/lookup.WordInfo": "a tapped word's reading, dictionary form, meaning and note from the model",

	"parley/backend/reading.Segment": "a piece of the message's text and its furigana or romanisation",

	"parley/backend/progress.Language": "counts of the learner's own practice per language and phrases learned",
	"parley/backend/progress.Day":      "one day's count of lines and words",

	"parley/backend/search.Result":   "what a search of the learner's own messages found: counts and room groups",
	"parley/backend/search.RoomHits": "a room's id, title and language with its hits",
	"parley/backend/search.Hit":      "a matching message's id, role, time and snippet of its text",
	"parley/backend/search.Part":     "a piece of a snippet of the learner's own conversation",

	"time.Time": "marshals as an RFC 3339 timestamp",
}

// secretTypes hold keys, passwords or the API key. None may be reached from
// a bound method's result, even as a field that JSON would skip: a later tag
// change must not be all it takes to send one to the web view.
var secretTypes = []reflect.Type{
	reflect.TypeFor[vault.Key](),
	reflect.TypeFor[vault.Derived](),
	reflect.TypeFor[vault.Lock](),
	reflect.TypeFor[llm.Config](),
	reflect.TypeFor[llm.Client](),
	reflect.TypeFor[settings.SettingsUpdate](),
	reflect.TypeFor[settings.SpeechConfig](),
	reflect.TypeFor[userdata.Scope](),
	reflect.TypeFor[account.Service](),
	reflect.TypeFor[account.LogInRequest](),
	reflect.TypeFor[account.ChangePasswordRequest](),
	reflect.TypeFor[account.RecoverRequest](),
	reflect.TypeFor[account.SignUpRequest](),
}

func typeKey(t reflect.Type) string { return t.PkgPath() + "." + t.Name() }

// jsTypes walks what a bound method returns the way encoding/json does and
// reports every struct type reached (with the first path to it) and every
// problem: a secret-bearing type anywhere inside, or an interface that could
// carry anything.
func jsTypes(methods map[string]reflect.Method) (reached map[string]string, problems []string) {
	reached = map[string]string{}
	secret := map[reflect.Type]bool{}
	for _, t := range secretTypes {
		secret[t] = true
	}
	errorType := reflect.TypeFor[error]()
	var walk func(path string, t reflect.Type)
	walk = func(path string, t reflect.Type) {
		for {
			switch t.Kind() {
			case reflect.Pointer, reflect.Slice, reflect.Array:
				t = t.Elem()
				continue
			case reflect.Map:
				walk(path+"[key]", t.Key())
				t = t.Elem()
				continue
			}
			break
		}
		switch {
		case secret[t]:
			problems = append(problems, fmt.Sprintf("%s is a %s, which holds secrets", path, t))
			return
		case t.Kind() == reflect.Interface:
			problems = append(problems, fmt.Sprintf("%s is an interface (%s): any value could reach the web view", path, t))
			return
		case t.Kind() != reflect.Struct:
			return
		}
		if _, ok := reached[typeKey(t)]; ok {
			return
		}
		reached[typeKey(t)] = path
		for i := 0; i < t.NumField(); i++ { // every field, sent or not, for secret types
			f := t.Field(i)
			if ft := deref(f.Type); secret[ft] {
				problems = append(problems, fmt.Sprintf("%s.%s is a %s, which holds secrets", path, f.Name, ft))
			}
		}
		if t.Implements(reflect.TypeFor[json.Marshaler]()) || reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextMarshaler]()) {
			return // encodes itself; its fields are not sent as they are
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if (!f.IsExported() && !f.Anonymous) || f.Tag.Get("json") == "-" {
				continue // encoding/json skips it
			}
			walk(path+"."+f.Name, f.Type)
		}
	}
	for name, m := range methods {
		for i := 0; i < m.Type.NumOut(); i++ {
			if out := m.Type.Out(i); out != errorType { // errors go through formatError
				walk(name, out)
			}
		}
	}
	return reached, problems
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	return t
}

// Everything a bound method returns is a reviewed type, and no reviewed type
// can hold a key, a password or the API key.
func TestOnlyReviewedTypesReachTheWebView(t *testing.T) {
	reached, problems := jsTypes(boundMethods())
	for _, p := range problems {
		t.Error(p)
	}
	var names []string
	for name := range reached {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, ok := reachesJS[name]; !ok {
			t.Errorf("%s reaches the web view (via %s) but is not in reachesJS: check that it carries no secret, then add it with the reason", name, reached[name])
		}
	}
	for name := range reachesJS {
		if _, ok := reached[name]; !ok {
			t.Errorf("%s is in reachesJS but no bound method returns it any more: remove it", name)
		}
	}
}

// The walk itself must find a secret however deep it sits, and an unreviewed
// type, or the test above proves nothing.
func TestTheReviewCatchesSecretsAndNewTypes(t *testing.T) {
	type leaky struct {
		Name   string
		hidden *vault.Key
	}
	type nested struct {
		Rooms map[string][]*struct{ Config llm.Config }
	}
	type anything struct{ Extra any }
	type skipped struct {
		Req account.LogInRequest `json:"-"`
	}
	cases := map[string]any{
		"unexported key field":         func() (leaky, error) { return leaky{}, nil },
		"config deep in a map":         func() (nested, error) { return nested{}, nil },
		"interface field":              func() (*anything, error) { return nil, nil },
		"secret in a json:\"-\" field": func() ([]skipped, error) { return nil, nil },
		"secret returned directly":     func() (*settings.SettingsUpdate, error) { return nil, nil },
	}
	for name, fn := range cases {
		m := map[string]reflect.Method{name: {Name: name, Type: reflect.TypeOf(fn)}}
		if _, problems := jsTypes(m); len(problems) == 0 {
			t.Errorf("%s: no problem found", name)
		}
	}
	type fresh struct{ N int }
	reached, problems := jsTypes(map[string]reflect.Method{"New": {Type: reflect.TypeOf(func() (fresh, error) { return fresh{}, nil })}})
	if len(problems) != 0 {
		t.Errorf("a harmless type: %v", problems)
	}
	if _, ok := reachesJS[typeKey(reflect.TypeFor[fresh]())]; ok || len(reached) != 1 {
		t.Errorf("reached %v: a new type must be reported for review", reached)
	}
}
