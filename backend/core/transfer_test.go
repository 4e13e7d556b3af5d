package core

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"parley/backend/account"
	"parley/backend/apperr"
	"parley/backend/chat"
	"parley/backend/llm/fakeopenai"
	"parley/backend/settings"
	"parley/backend/userdata"
	"parley/backend/vault"
)

const passphrase = "river stone lantern"

func openFast(t testing.TB, path string) (*Core, *uiEvents) {
	t.Helper()
	ev := &uiEvents{done: make(chan chat.DoneEvent, 16), delta: make(chan chat.DeltaEvent, 16)}
	c, err := Open(path, Options{Emitter: ev, Params: vault.TestParams(), LockTimeout: 200 * time.Millisecond, ExportWorkFactor: 10})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c, ev
}

// dump is everything the user has stored, unsealed: "path|key" -> JSON,
// and "path" -> the bucket's sequence.
func dump(t testing.TB, s *userdata.Scope) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := s.View(func(tx *userdata.Tx) error {
		return tx.Walk(func(path []string, seq uint64) error {
			out[strings.Join(path, "/")] = fmt.Sprint("seq ", seq)
			return nil
		}, func(path []string, key []byte, unseal userdata.Unsealer) error {
			var raw json.RawMessage
			if err := unseal(&raw); err != nil {
				return err
			}
			var buf bytes.Buffer
			_ = json.Compact(&buf, raw)
			out[strings.Join(path, "/")+"|"+string(key)] = buf.String()
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// fillAccount gives ann rooms, a conversation, a trashed room, settings with
// a key, and a value of a feature this package does not know.
func fillAccount(t *testing.T, c *Core, ev *uiEvents) *userdata.Scope {
	t.Helper()
	s := signUp(t, c, "ann")
	fake := fakeopenai.New()
	t.Cleanup(fake.Close)
	useServer(t, c, s, fake)
	var ids []string
	for i := range 3 {
		in := tokyo
		in.Title = fmt.Sprintf("Room %d", i)
		r, err := c.Rooms().Create(s, in)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	for _, line := range []string{"Hello!", "A latte, please."} {
		if _, err := c.Chat().SendMessage(s, ids[0], line); err != nil {
			t.Fatal(err)
		}
		waitDone(t, ev)
	}
	if err := c.Rooms().Delete(s, []string{ids[2]}); err != nil {
		t.Fatal(err)
	}
	err := s.Update(func(tx *userdata.Tx) error {
		b, err := tx.CreateBucket("phrasebook", ids[0])
		if err != nil {
			return err
		}
		return b.Put([]byte("p1"), map[string]any{"phrase": "もう一杯ください", "due": "2026-12-01"})
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAnExportedAccountImportsIntoAFreshParleyWithEveryRoomMessageAndValue(t *testing.T) {
	a, ev := openFast(t, filepath.Join(t.TempDir(), "parley.db"))
	s := fillAccount(t, a, ev)
	file := filepath.Join(t.TempDir(), "ann.parley")
	sum, err := a.ExportAccount(s, file, ExportRequest{Passphrase: passphrase})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(file)
	for _, secret := range []string{"sk-test-abcdefgh1234", "A latte, please.", "Room 1", "もう一杯"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Fatalf("the export holds %q in clear", secret)
		}
	}
	if info, _ := os.Stat(file); info.Mode().Perm() != 0o600 {
		t.Fatalf("export mode %o", info.Mode().Perm())
	}

	b, _ := openFast(t, filepath.Join(t.TempDir(), "parley.db"))
	res, err := b.ImportNewAccount(file, ImportNewRequest{Username: "ann-laptop", Password: "another good password", Passphrase: passphrase})
	if err != nil {
		t.Fatal(err)
	}
	if res.RecoveryCode == "" || res.Report.Added != sum.Values || res.Report.Rooms != 3 || res.Report.Conflicts != 0 {
		t.Fatalf("import = %+v, export = %+v", res, sum)
	}
	sb, err := b.Scope()
	if err != nil {
		t.Fatal(err)
	}
	want, got := dump(t, s), dump(t, sb)
	// The key was not ticked: the settings record is the same but for it
	// (this account has no speech key or proxy password to leave out).
	var st map[string]any
	_ = json.Unmarshal([]byte(want["settings|settings"]), &st)
	delete(st, "apiKey")
	noKey, _ := json.Marshal(st)
	want["settings|settings"] = string(noKey)
	if !maps.Equal(want, got) {
		for _, k := range slices.Sorted(maps.Keys(want)) {
			if want[k] != got[k] {
				t.Errorf("%s:\n exported %s\n imported %s", k, want[k], got[k])
			}
		}
		t.Fatalf("%d values exported, %d imported", len(want), len(got))
	}
	// And the services read it as the learner left it.
	roomsA, _ := a.ListRooms(s)
	roomsB, _ := b.ListRooms(sb)
	if len(roomsB) != 2 || !slices.Equal(titles(roomsA), titles(roomsB)) || roomsB[0].MessageCount != roomsA[0].MessageCount {
		t.Fatalf("rooms after import %v, before %v", titles(roomsB), titles(roomsA))
	}
	if got, _ := b.Settings().Get(sb); got.HasKey {
		t.Fatal("the API key travelled without being ticked")
	}
	// A reply in an imported room gets the next id, not one already taken.
	fake := fakeopenai.New()
	defer fake.Close()
	useServer(t, b, sb, fake)
	sent, err := b.Chat().SendMessage(sb, roomsB[0].ID, "One more, please.")
	if err != nil {
		t.Fatal(err)
	}
	if sent.MessageID <= uint64(roomsA[0].MessageCount) {
		t.Fatalf("new message id %d reuses an imported one", sent.MessageID)
	}
}

func TestTheAPIKeyTravelsOnlyWhenTicked(t *testing.T) {
	a, ev := openFast(t, filepath.Join(t.TempDir(), "parley.db"))
	s := fillAccount(t, a, ev)
	file := filepath.Join(t.TempDir(), "ann.parley")
	if _, err := a.ExportAccount(s, file, ExportRequest{Passphrase: passphrase, IncludeKey: true}); err != nil {
		t.Fatal(err)
	}
	b, _ := openFast(t, filepath.Join(t.TempDir(), "parley.db"))
	if _, err := b.ImportNewAccount(file, ImportNewRequest{Username: "ann2", Password: "another good password", Passphrase: passphrase}); err != nil {
		t.Fatal(err)
	}
	sb, _ := b.Scope()
	got, err := b.Settings().Get(sb)
	if err != nil || !got.HasKey || got.KeyLast4 != "1234" {
		t.Fatalf("settings after import with the key = %+v, %v", got, err)
	}
}

func TestMergingAnExportDuplicatesNothingAndOverwritesNothing(t *testing.T) {
	a, ev := openFast(t, filepath.Join(t.TempDir(), "parley.db"))
	s := fillAccount(t, a, ev)
	file := filepath.Join(t.TempDir(), "ann.parley")
	sum, err := a.ExportAccount(s, file, ExportRequest{Passphrase: passphrase, IncludeKey: true})
	if err != nil {
		t.Fatal(err)
	}
	before := dump(t, s)
	rep, err := a.ImportAccount(s, file, passphrase)
	if err != nil || rep.Added != 0 || rep.Conflicts != 0 || rep.Same != sum.Values {
		t.Fatalf("merging the account into itself = %+v, %v", rep, err)
	}
	if !maps.Equal(before, dump(t, s)) {
		t.Fatal("merging the account into itself changed it")
	}
	// A room renamed since the export is a conflict: kept as it is now.
	rooms, _ := a.ListRooms(s)
	in := rooms[0].RoomInput
	in.Title = "Renamed since"
	if _, err := a.Rooms().Update(s, rooms[0].ID, in); err != nil {
		t.Fatal(err)
	}
	rep, err = a.ImportAccount(s, file, passphrase)
	if err != nil || rep.Conflicts != 1 || rep.ByBucket["rooms"] != 1 || rep.Added != 0 {
		t.Fatalf("merge after a rename = %+v, %v", rep, err)
	}
	if r, _ := a.Rooms().Get(s, rooms[0].ID); r.Title != "Renamed since" {
		t.Fatalf("the conflict was overwritten: %q", r.Title)
	}
}

// sealedPayload seals lines as an export would, for files Export never makes.
func sealedPayload(t *testing.T, lines ...string) []byte {
	t.Helper()
	rcpt, _ := age.NewScryptRecipient(passphrase)
	rcpt.SetWorkFactor(10)
	var out bytes.Buffer
	w, err := age.Encrypt(&out, rcpt)
	if err != nil {
		t.Fatal(err)
	}
	gz := gzip.NewWriter(w)
	for _, l := range lines {
		fmt.Fprintln(gz, l)
	}
	gz.Close()
	w.Close()
	return out.Bytes()
}

func TestABadExportFileIsNamedAndChangesNothing(t *testing.T) {
	a, ev := openFast(t, filepath.Join(t.TempDir(), "parley.db"))
	s := fillAccount(t, a, ev)
	dir := t.TempDir()
	good := filepath.Join(dir, "ann.parley")
	if _, err := a.ExportAccount(s, good, ExportRequest{Passphrase: passphrase}); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(good)
	flipped := bytes.Clone(raw)
	flipped[len(flipped)-40] ^= 0x01
	cases := []struct {
		name, pass string
		data       []byte
		want       string
	}{
		{"a wrong passphrase", "not the passphrase", raw, apperr.TransferBadPassphrase},
		{"one changed byte", passphrase, flipped, apperr.TransferDamaged},
		{"a file cut short", passphrase, raw[:len(raw)*2/3], apperr.TransferDamaged},
		{"a newer version", passphrase, sealedPayload(t, `{"t":"header","format":"parley-account","version":99}`), apperr.TransferTooNew},
		{"no end line", passphrase, sealedPayload(t, `{"t":"header","format":"parley-account","version":1}`, `{"t":"bucket","path":["rooms"]}`), apperr.TransferDamaged},
		{"not an export", passphrase, []byte("just some text\n"), apperr.TransferNotExport},
	}
	b, _ := openFast(t, filepath.Join(t.TempDir(), "parley.db"))
	before := dump(t, s)
	for i, tc := range cases {
		file := filepath.Join(dir, fmt.Sprintf("bad%d.parley", i))
		if err := os.WriteFile(file, tc.data, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := a.ImportAccount(s, file, tc.pass); apperr.CodeOf(err) != tc.want {
			t.Errorf("merging %s: %v, want %s", tc.name, err, tc.want)
		}
		if _, err := b.ImportNewAccount(file, ImportNewRequest{Username: "ann", Password: "another good password", Passphrase: tc.pass}); apperr.CodeOf(err) != tc.want {
			t.Errorf("importing %s as a new account: %v, want %s", tc.name, err, tc.want)
		}
		// No account was left behind: the name is still free.
		if _, err := b.LogIn(account.LogInRequest{Username: "ann", Password: "another good password"}); apperr.CodeOf(err) != apperr.AuthBadCredentials {
			t.Errorf("after importing %s, log-in = %v: an account was left", tc.name, err)
			_ = b.Accounts().LogOut()
		}
	}
	if !maps.Equal(before, dump(t, s)) {
		t.Fatal("a refused import changed the account")
	}
}

func TestSettingsStillKeepTheKeyWhereTheExportLooksForIt(t *testing.T) {
	// The export strips the key by its place and field name; if settings
	// moves it, the key would travel unticked. Check against the service.
	a, _ := openFast(t, filepath.Join(t.TempDir(), "parley.db"))
	s := signUp(t, a, "ann")
	if _, err := a.Settings().Save(s, settings.SettingsUpdate{APIKey: "sk-test-abcdefgh1234", Theme: "system"}); err != nil {
		t.Fatal(err)
	}
	d := dump(t, s)
	if !strings.Contains(d["settings|settings"], `"apiKey":"sk-test-abcdefgh1234"`) {
		t.Fatalf("settings record moved: %v", d)
	}
}

func TestADamagedValueIsLeftOutOfAnExportAndCounted(t *testing.T) {
	a, ev := openFast(t, filepath.Join(t.TempDir(), "parley.db"))
	s := fillAccount(t, a, ev)
	rooms, _ := a.ListRooms(s)
	flipValue(t, a, s.UserID(), "rooms", rooms[0].ID)
	file := filepath.Join(t.TempDir(), "ann.parley")
	sum, err := a.ExportAccount(s, file, ExportRequest{Passphrase: passphrase})
	if err != nil || sum.Unreadable != 1 {
		t.Fatalf("export of an account with a damaged room = %+v, %v", sum, err)
	}
	b, _ := openFast(t, filepath.Join(t.TempDir(), "parley.db"))
	res, err := b.ImportNewAccount(file, ImportNewRequest{Username: "ann2", Password: "another good password", Passphrase: passphrase})
	if err != nil || res.Report.Rooms != 2 {
		t.Fatalf("import = %+v, %v; want the two readable rooms", res.Report, err)
	}
}

// progressLog records transfer:progress events.
type progressLog struct{ got []TransferProgress }

func (p *progressLog) Emit(name string, payload any) {
	if tp, ok := payload.(TransferProgress); ok && name == EventTransferProgress {
		p.got = append(p.got, tp)
	}
}

func TestExportAndImportReportTheirProgressToTheUI(t *testing.T) {
	log := &progressLog{}
	c, err := Open(filepath.Join(t.TempDir(), "parley.db"), Options{Emitter: log, Params: vault.TestParams(), ExportWorkFactor: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s := signUp(t, c, "ann")
	for range 3 {
		if _, err := c.Rooms().Create(s, tokyo); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(t.TempDir(), "ann.parley")
	if _, err := c.ExportAccount(s, file, ExportRequest{Passphrase: passphrase}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ImportAccount(s, file, passphrase); err != nil {
		t.Fatal(err)
	}
	phases := map[string]TransferProgress{}
	for _, p := range log.got {
		phases[p.Phase] = p
	}
	for _, phase := range []string{"export", "import"} {
		if p := phases[phase]; p.Total == 0 || p.Done != p.Total {
			t.Fatalf("%s progress ended at %+v (all: %+v)", phase, p, log.got)
		}
	}
}

// Unticked, no secret travels: not the chat key, not the speech server's
// key, not the proxy's password; the rest of the settings does.
func TestNoKeyOrPasswordTravelsUnlessTicked(t *testing.T) {
	a, _ := openFast(t, filepath.Join(t.TempDir(), "parley.db"))
	s := signUp(t, a, "ann")
	_, err := a.Settings().Save(s, settings.SettingsUpdate{APIKey: "sk-chat-secret-9876", BaseURL: "https://api.openai.com/v1",
		Model: "gpt-4o-mini", Temperature: 0.5, Theme: "system", ProxyURL: "http://me:proxy-secret-55@proxy.lan:3128",
		SpeechBaseURL: "http://localhost:8880/v1", SpeechAPIKey: "sk-speech-secret-4321", SpeechModel: "kokoro", SpeechVoice: "af_bella"})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "ann.parley")
	if _, err := a.ExportAccount(s, file, ExportRequest{Passphrase: passphrase}); err != nil {
		t.Fatal(err)
	}
	b, _ := openFast(t, filepath.Join(t.TempDir(), "parley.db"))
	if _, err := b.ImportNewAccount(file, ImportNewRequest{Username: "ann2", Password: "another good password", Passphrase: passphrase}); err != nil {
		t.Fatal(err)
	}
	sb, _ := b.Scope()
	stored := dump(t, sb)["settings|settings"]
	for _, secret := range []string{"sk-chat-secret-9876", "sk-speech-secret-4321", "proxy-secret-55"} {
		if strings.Contains(stored, secret) {
			t.Errorf("%s travelled without being ticked: %s", secret, stored)
		}
	}
	got, _ := b.Settings().Get(sb)
	if got.HasKey || got.Speech.HasKey || got.Speech.BaseURL != "http://localhost:8880/v1" || got.Speech.Voice != "af_bella" ||
		!strings.Contains(got.ProxyURL, "proxy.lan:3128") {
		t.Fatalf("settings after import %+v", got)
	}
}
