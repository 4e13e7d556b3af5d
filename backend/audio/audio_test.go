package audio

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/chat"
	"parley/backend/llm"
	"parley/backend/llm/fakeopenai"
	"parley/backend/settings"
	"parley/backend/store"
	"parley/backend/userdata"
	"parley/backend/userdata/userdatatest"
)

// lines is a MessageSource holding one room's messages.
type lines map[uint64]string

func (l lines) ListMessages(_ *userdata.Scope, roomID string, before uint64, limit int) (chat.MessagePage, error) {
	if roomID != "r1" {
		return chat.MessagePage{}, apperr.New(apperr.RoomNotFound, "no such room")
	}
	for id := before - 1; id > 0 && limit > 0; id-- {
		if t, ok := l[id]; ok {
			return chat.MessagePage{Messages: []chat.Message{{ID: id, Role: chat.RoleAssistant, Text: t}}}, nil
		}
	}
	return chat.MessagePage{Messages: []chat.Message{}}, nil
}

type env struct {
	t     *testing.T
	fake  *fakeopenai.Server
	db    *store.DB
	path  string
	scope *userdata.Scope
	set   *settings.Service
	clock *userdatatest.Clock
	svc   *Service
}

func newEnv(t *testing.T, capBytes int64) *env {
	t.Helper()
	fake := fakeopenai.New()
	t.Cleanup(fake.Close)
	db, path := userdatatest.OpenDB(t)
	e := &env{t: t, fake: fake, db: db, path: path, scope: userdatatest.Scope(t, db, "mina"), set: settings.New(),
		clock: userdatatest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))}
	if _, err := e.set.Save(e.scope, settings.SettingsUpdate{BaseURL: fake.URL}); err != nil {
		t.Fatal(err)
	}
	e.svc = New(Options{Settings: e.set, Messages: lines{1: "안녕하세요! 뭐 드릴까요?", 2: "커피 한 잔 주세요.", 3: "여기 있습니다."},
		Now: e.clock.Now, CapBytes: capBytes,
		NewClient: func(c llm.Config) (*llm.Client, error) {
			c.Backoff = func(int) time.Duration { return time.Millisecond }
			return llm.NewClient(c)
		}})
	return e
}

func (e *env) speak(id uint64, speed float64) Clip {
	e.t.Helper()
	c, err := e.svc.SpeakMessage(context.Background(), e.scope, "r1", id, speed)
	if err != nil {
		e.t.Fatalf("SpeakMessage(%d): %v", id, err)
	}
	return c
}

func (e *env) speechRequests() []fakeopenai.Request {
	var out []fakeopenai.Request
	for _, r := range e.fake.Requests() {
		if r.Endpoint == fakeopenai.EndpointSpeech {
			out = append(out, r)
		}
	}
	return out
}

func audioOf(t *testing.T, c Clip) []byte {
	t.Helper()
	b64, ok := strings.CutPrefix(c.DataURL, "data:audio/mpeg;base64,")
	if !ok {
		t.Fatalf("clip is %.40q", c.DataURL)
	}
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestASecondPlayOfALineSendsNoRequest(t *testing.T) {
	e := newEnv(t, 0)
	first := e.speak(2, 1)
	if first.Cached || !bytes.HasPrefix(audioOf(t, first), []byte("ID3")) {
		t.Fatalf("first play: cached=%v", first.Cached)
	}
	again := e.speak(2, 1)
	if !again.Cached || again.DataURL != first.DataURL {
		t.Errorf("second play: cached=%v, same audio %v", again.Cached, again.DataURL == first.DataURL)
	}
	reqs := e.speechRequests()
	if len(reqs) != 1 || reqs[0].Input != "커피 한 잔 주세요." || reqs[0].Voice != settings.DefaultSpeechVoice || reqs[0].Model != settings.DefaultSpeechModel {
		t.Fatalf("speech requests = %+v", reqs)
	}
	// Slower speech is another clip, and so is another voice.
	e.speak(2, 0.75)
	if _, err := e.set.Save(e.scope, settings.SettingsUpdate{BaseURL: e.fake.URL, SpeechVoice: "nova"}); err != nil {
		t.Fatal(err)
	}
	e.speak(2, 0.75)
	if n := len(e.speechRequests()); n != 3 {
		t.Errorf("speech requests = %d, want 3 (1×, 0.75×, new voice)", n)
	}
}

func TestSpeechIsCountedInUsage(t *testing.T) {
	e := newEnv(t, 0)
	e.speak(2, 1)
	e.speak(2, 1)
	info, err := e.svc.CacheInfo(e.scope)
	if err != nil {
		t.Fatal(err)
	}
	chars := len([]rune("커피 한 잔 주세요."))
	if info.Characters != chars || !info.CostKnown || info.EstimatedCostUSD != float64(chars)*15/1e6 || info.Clips != 1 {
		t.Errorf("info = %+v", info)
	}
}

func TestTheLeastRecentlyPlayedClipIsEvictedOverTheCap(t *testing.T) {
	e := newEnv(t, 0)
	one := int64(len(audioOf(t, e.speak(1, 1))))
	// A cap for two clips of this size (the fake's lines here are all 2 s).
	e = newEnv(t, 2*one+one/2)
	e.speak(1, 1)
	e.clock.Advance(time.Minute)
	e.speak(2, 1)
	e.clock.Advance(time.Minute)
	e.speak(1, 1) // played again: now 2 is the oldest
	e.clock.Advance(time.Minute)
	e.speak(3, 1)
	info, _ := e.svc.CacheInfo(e.scope)
	if info.Clips != 2 || info.Bytes > info.CapBytes {
		t.Fatalf("info = %+v", info)
	}
	before := len(e.speechRequests())
	if c := e.speak(1, 1); !c.Cached {
		t.Error("clip 1 was evicted though played recently")
	}
	if c := e.speak(2, 1); c.Cached {
		t.Error("clip 2 should have been evicted")
	}
	if got := len(e.speechRequests()) - before; got != 1 {
		t.Errorf("requests = %d, want 1", got)
	}
}

func TestClearEmptiesTheCacheButKeepsTheUsage(t *testing.T) {
	e := newEnv(t, 0)
	e.speak(1, 1)
	if err := e.svc.ClearCache(e.scope); err != nil {
		t.Fatal(err)
	}
	info, _ := e.svc.CacheInfo(e.scope)
	if info.Clips != 0 || info.Bytes != 0 || info.Characters == 0 {
		t.Errorf("after clear: %+v", info)
	}
	if c := e.speak(1, 1); c.Cached {
		t.Error("a cleared clip came from the cache")
	}
}

func TestCachedAudioIsSealedAtRest(t *testing.T) {
	e := newEnv(t, 0)
	clip := e.speak(2, 1)
	audio := audioOf(t, clip)
	if err := e.db.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(e.path)
	if err != nil {
		t.Fatal(err)
	}
	head := audio[:14] // the ID3 tag and the first frame header
	for name, needle := range map[string][]byte{
		"raw audio":    head,
		"base64 audio": []byte(base64.StdEncoding.EncodeToString(head)[:16]),
		"spoken text":  []byte("커피"),
	} {
		if bytes.Contains(raw, needle) {
			t.Errorf("the data file holds the %s in clear", name)
		}
	}
}

func TestAServerWithoutSpeechSaysItCannotSpeak(t *testing.T) {
	for name, b := range map[string]fakeopenai.Behavior{
		"plain 404": {Endpoint: fakeopenai.EndpointSpeech, Fail: fakeopenai.FailNotFound},
		"501":       {Endpoint: fakeopenai.EndpointSpeech, Fail: fakeopenai.FailServer, Status: 501},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, 0)
			e.fake.Script(b)
			_, err := e.svc.SpeakMessage(context.Background(), e.scope, "r1", 1, 1)
			if apperr.CodeOf(err) != apperr.SpeechUnsupported {
				t.Fatalf("err = %v (%s)", err, apperr.CodeOf(err))
			}
			if n := len(e.speechRequests()); n != 1 {
				t.Errorf("requests = %d; 'cannot speak' is not retried", n)
			}
		})
	}
	// A server whose router knows the path but not POST answers 405.
	e := newEnv(t, 0)
	only405 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
	}))
	defer only405.Close()
	if _, err := e.set.Save(e.scope, settings.SettingsUpdate{BaseURL: e.fake.URL, SpeechBaseURL: only405.URL + "/v1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SpeakMessage(context.Background(), e.scope, "r1", 1, 1); apperr.CodeOf(err) != apperr.SpeechUnsupported {
		t.Errorf("405: %v", err)
	}
	// A missing speech model is the model setting's fault, not the server's.
	e = newEnv(t, 0)
	e.fake.Script(fakeopenai.Behavior{Endpoint: fakeopenai.EndpointSpeech, Fail: fakeopenai.FailModelNotFound})
	if _, err := e.svc.SpeakMessage(context.Background(), e.scope, "r1", 1, 1); apperr.CodeOf(err) != apperr.LLMModelNotFound {
		t.Errorf("model not found: %v", err)
	}
}

func TestOnlyMessagesThatExistAndTheTwoSpeedsAreSpoken(t *testing.T) {
	e := newEnv(t, 0)
	for _, c := range []struct {
		room  string
		id    uint64
		speed float64
		code  string
	}{
		{"r1", 9, 1, apperr.MessageNotFound},
		{"r1", 0, 1, apperr.MessageNotFound},
		{"r2", 1, 1, apperr.RoomNotFound},
		{"r1", 1, 2, apperr.InputInvalid},
	} {
		if _, err := e.svc.SpeakMessage(context.Background(), e.scope, c.room, c.id, c.speed); apperr.CodeOf(err) != c.code {
			t.Errorf("%+v: %v", c, err)
		}
	}
	if n := len(e.speechRequests()); n != 0 {
		t.Errorf("requests = %d", n)
	}
}

func TestADeletedRoomTakesItsClipsWithIt(t *testing.T) {
	e := newEnv(t, 0)
	e.speak(1, 1)
	if _, err := e.svc.SpeakText(context.Background(), e.scope, "커피", 1); err != nil {
		t.Fatal(err)
	}
	if err := e.scope.Update(func(tx *userdata.Tx) error { return PurgeRoom(tx, "r1") }); err != nil {
		t.Fatal(err)
	}
	info, _ := e.svc.CacheInfo(e.scope)
	if info.Clips != 1 {
		t.Errorf("clips after purge = %d, want the phrase's only", info.Clips)
	}
}
