package speech

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/chat"
	"parley/backend/llm"
	"parley/backend/llm/fakeopenai"
	"parley/backend/room"
	"parley/backend/userdata"
	"parley/backend/userdata/userdatatest"
)

// tone is d of a 220 Hz tone at half scale: a voice as far as the
// recorder's level meter and silence check go.
func tone(d time.Duration) []int16 {
	n := int(d * SampleRate / time.Second)
	s := make([]int16, n)
	for i := range s {
		s[i] = int16(16000 * math.Sin(2*math.Pi*220*float64(i)/SampleRate))
	}
	return s
}

// fakeMic plays samples into the recorder in 50 ms chunks as fast as the
// recorder takes them, then waits to be closed, like a device with nothing
// more to say.
type fakeMic struct {
	samples []int16
	openErr error
}

type fakeStream struct {
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

func (m *fakeMic) Open(on func([]int16)) (Stream, error) {
	if m.openErr != nil {
		return nil, m.openErr
	}
	st := &fakeStream{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(st.done)
		for i := 0; i < len(m.samples); i += SampleRate / 20 {
			select {
			case <-st.stop:
				return
			default:
			}
			on(m.samples[i:min(i+SampleRate/20, len(m.samples))])
		}
	}()
	return st, nil
}

func (st *fakeStream) Close() {
	st.once.Do(func() { close(st.stop) })
	<-st.done
}

type rooms map[string]string // id → language

func (r rooms) Get(_ *userdata.Scope, id string) (room.Room, error) {
	lang, ok := r[id]
	if !ok {
		return room.Room{}, apperr.New(apperr.RoomNotFound, "no such room")
	}
	return room.Room{ID: id, RoomInput: room.RoomInput{Language: lang}}, nil
}

type config struct{ cfg llm.Config }

func (c config) TranscriptionConfig(*userdata.Scope) (llm.Config, error) { return c.cfg, nil }

type messages map[uint64]chat.Message

func (m messages) ListMessages(_ *userdata.Scope, _ string, before uint64, _ int) (chat.MessagePage, error) {
	if msg, ok := m[before-1]; ok {
		return chat.MessagePage{Messages: []chat.Message{msg}}, nil
	}
	return chat.MessagePage{Messages: []chat.Message{}}, nil
}

type recorded struct {
	mu     sync.Mutex
	events []string
	levels []float64
	limit  chan struct{}
}

func (r *recorded) Emit(name string, payload any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, name)
	if name == EventLevel {
		r.levels = append(r.levels, payload.(map[string]any)["level"].(float64))
	}
	if name == EventLimit {
		close(r.limit)
	}
}

type fixture struct {
	fake  *fakeopenai.Server
	svc   *Service
	mic   *fakeMic
	ev    *recorded
	scope *userdata.Scope
	db    func(user string) *userdata.Scope
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	fake := fakeopenai.New()
	t.Cleanup(fake.Close)
	db, _ := userdatatest.OpenDB(t)
	f := &fixture{fake: fake, mic: &fakeMic{}, ev: &recorded{limit: make(chan struct{})}}
	f.db = func(user string) *userdata.Scope { return userdatatest.Scope(t, db, user) }
	f.scope = f.db("mina")
	f.svc = New(Options{
		Mic:     f.mic,
		Emitter: f.ev,
		Config:  config{llm.Config{BaseURL: fake.URL, APIKey: "sk-test-transcribe-1234", Model: "whisper-1"}},
		Rooms:   rooms{"cafe": "ko", "station": "ja"},
		Messages: messages{
			7: {ID: 7, Role: chat.RoleUser, Text: "아메리카노 한 잔 주세요"},
			8: {ID: 8, Role: chat.RoleAssistant, Text: "네, 아메리카노 한 잔이요. 따뜻한 걸로 드릴까요?"},
		},
		NewClient: func(c llm.Config) (*llm.Client, error) {
			c.Backoff = func(int) time.Duration { return time.Millisecond } // fail fast in tests
			return llm.NewClient(c)
		},
	})
	return f
}

// record holds the key for the fake microphone's samples and releases it.
func (f *fixture) record(t *testing.T, samples []int16, roomID string) (Transcript, error) {
	t.Helper()
	f.mic.samples = samples
	rec, err := f.svc.StartRecording(f.scope)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // the fake device delivers everything at once
	return f.svc.StopRecording(context.Background(), f.scope, roomID, rec.ID)
}

func TestARecordingIsSentAsWAVWithTheRoomsLanguagePinned(t *testing.T) {
	f := newFixture(t)
	tr, err := f.record(t, tone(1500*time.Millisecond), "cafe")
	if err != nil {
		t.Fatal(err)
	}
	reqs := f.fake.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	r := reqs[0]
	wantBytes := 44 + 2*SampleRate*3/2
	if r.Endpoint != fakeopenai.EndpointTranscription || r.Model != "whisper-1" || r.Language != "ko" ||
		r.ResponseFormat != "json" || r.FileName != "speech.wav" || r.FileBytes != wantBytes {
		t.Errorf("sent model %q language %q format %q file %q (%d bytes), want whisper-1, ko, json, speech.wav (%d bytes)",
			r.Model, r.Language, r.ResponseFormat, r.FileName, r.FileBytes, wantBytes)
	}
	if r.Authorization != "Bearer sk-test-transcribe-1234" {
		t.Errorf("authorization %q", r.Authorization)
	}
	// The fake decodes the WAV it got: 1.5 s at 16 kHz mono, all of it voice.
	if tr.Text != "[ko] 1.50 s, voice 1.50 s, 16000 Hz mono" {
		t.Errorf("transcript %q", tr.Text)
	}
	if tr.AudioBytes != wantBytes || tr.DurationMs != 1500 || tr.TakeID == "" {
		t.Errorf("transcript facts %+v", tr)
	}
	if len(f.ev.levels) < 25 || f.ev.levels[0] < 0.3 {
		t.Errorf("level events %v: want one per 50 ms near the tone's RMS (0.35)", f.ev.levels)
	}
}

func TestTheJapaneseRoomPinsJapanese(t *testing.T) {
	f := newFixture(t)
	if _, err := f.record(t, tone(time.Second), "station"); err != nil {
		t.Fatal(err)
	}
	if got := f.fake.Requests()[0].Language; got != "ja" {
		t.Errorf("language %q, want ja", got)
	}
}

func TestARecordingStopsItselfAtSixtySeconds(t *testing.T) {
	f := newFixture(t)
	f.mic.samples = tone(65 * time.Second)
	rec, err := f.svc.StartRecording(f.scope)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-f.ev.limit:
	case <-time.After(5 * time.Second):
		t.Fatal("no limit event")
	}
	tr, err := f.svc.StopRecording(context.Background(), f.scope, "cafe", rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if tr.DurationMs != 60000 || tr.AudioBytes != 44+2*MaxSamples {
		t.Errorf("kept %d ms, %d bytes; want 60000 ms, %d bytes", tr.DurationMs, tr.AudioBytes, 44+2*MaxSamples)
	}
	if got := f.fake.Requests()[0].FileBytes; got != 44+2*MaxSamples {
		t.Errorf("sent %d bytes", got)
	}
}

func TestSilenceAndTooShortAreNotSent(t *testing.T) {
	f := newFixture(t)
	if _, err := f.record(t, make([]int16, SampleRate*2), "cafe"); apperr.CodeOf(err) != apperr.SpeakSilent {
		t.Errorf("silence: %v, want %s", err, apperr.SpeakSilent)
	}
	if _, err := f.record(t, tone(200*time.Millisecond), "cafe"); apperr.CodeOf(err) != apperr.SpeakTooShort {
		t.Errorf("a tap: %v, want %s", err, apperr.SpeakTooShort)
	}
	if n := len(f.fake.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestAServerWithoutTranscriptionSaysSo(t *testing.T) {
	f := newFixture(t)
	f.fake.Script(fakeopenai.Behavior{Endpoint: fakeopenai.EndpointTranscription, Fail: fakeopenai.FailNotFound})
	if _, err := f.record(t, tone(time.Second), "cafe"); apperr.CodeOf(err) != apperr.SpeakUnsupported {
		t.Errorf("got %v, want %s", err, apperr.SpeakUnsupported)
	}
}

func TestOneRecordingAtATimeAndEscDropsIt(t *testing.T) {
	f := newFixture(t)
	f.mic.samples = tone(time.Second)
	rec, err := f.svc.StartRecording(f.scope)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.StartRecording(f.scope); apperr.CodeOf(err) != apperr.SpeakBusy {
		t.Errorf("second start: %v", err)
	}
	if err := f.svc.CancelRecording(f.db("other"), rec.ID); apperr.CodeOf(err) != apperr.SpeakNotRecording {
		t.Errorf("another user cancelled my recording: %v", err)
	}
	if err := f.svc.CancelRecording(f.scope, rec.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.StopRecording(context.Background(), f.scope, "cafe", rec.ID); apperr.CodeOf(err) != apperr.SpeakNotRecording {
		t.Errorf("stop after cancel: %v", err)
	}
	if n := len(f.fake.Requests()); n != 0 {
		t.Errorf("a cancelled recording was sent (%d requests)", n)
	}
}

func TestNoMicrophoneIsSaidPlainly(t *testing.T) {
	f := newFixture(t)
	f.mic.openErr = apperr.New(apperr.SpeakNoMicrophone, "no microphone to record from")
	if _, err := f.svc.StartRecording(f.scope); apperr.CodeOf(err) != apperr.SpeakNoMicrophone {
		t.Errorf("got %v", err)
	}
	// and the service is free again
	f.mic.openErr = nil
	if _, err := f.record(t, tone(time.Second), "cafe"); err != nil {
		t.Errorf("after a failed open: %v", err)
	}
}

func TestAnUploadKeepsItsFormatAndTheLimits(t *testing.T) {
	f := newFixture(t)
	webm := []byte("\x1a\x45\xdf\xa3 not really opus, but the fake only counts bytes")
	up := Upload{MimeType: "audio/webm;codecs=opus", Base64: base64.StdEncoding.EncodeToString(webm), DurationMs: 2000}
	tr, err := f.svc.TranscribeUpload(context.Background(), f.scope, "cafe", up)
	if err != nil {
		t.Fatal(err)
	}
	r := f.fake.Requests()[0]
	if r.FileName != "speech.webm" || r.FileBytes != len(webm) || r.Language != "ko" {
		t.Errorf("sent %q (%d bytes) in %q", r.FileName, r.FileBytes, r.Language)
	}
	if !strings.Contains(tr.Text, "bytes of speech.webm") {
		t.Errorf("transcript %q", tr.Text)
	}
	for name, bad := range map[string]struct {
		up   Upload
		code string
	}{
		"over a minute":  {Upload{MimeType: "audio/webm", Base64: up.Base64, DurationMs: 62000}, apperr.SpeakTooLong},
		"too many bytes": {Upload{MimeType: "audio/webm", Base64: strings.Repeat("AAAA", MaxUploadBytes/3+1), DurationMs: 5000}, apperr.SpeakTooLong},
		"a tap":          {Upload{MimeType: "audio/webm", Base64: up.Base64, DurationMs: 100}, apperr.SpeakTooShort},
		"not audio":      {Upload{MimeType: "text/html", Base64: up.Base64, DurationMs: 2000}, apperr.InputInvalid},
		"damaged base64": {Upload{MimeType: "audio/ogg", Base64: "%%%", DurationMs: 2000}, apperr.InputInvalid},
	} {
		if _, err := f.svc.TranscribeUpload(context.Background(), f.scope, "cafe", bad.up); apperr.CodeOf(err) != bad.code {
			t.Errorf("%s: %v, want %s", name, err, bad.code)
		}
	}
	if n := len(f.fake.Requests()); n != 1 {
		t.Errorf("%d requests; the refused uploads must not be sent", n)
	}
}

func TestWAVHeaderDescribes16kMono16Bit(t *testing.T) {
	w := WAV([]int16{1, -1, 32767})
	if len(w) != 50 || string(w[:4]) != "RIFF" || string(w[8:16]) != "WAVEfmt " || string(w[36:40]) != "data" {
		t.Fatalf("header % x", w[:44])
	}
	if binary.LittleEndian.Uint32(w[24:]) != 16000 || binary.LittleEndian.Uint16(w[22:]) != 1 ||
		binary.LittleEndian.Uint16(w[34:]) != 16 || binary.LittleEndian.Uint32(w[40:]) != 6 || binary.LittleEndian.Uint32(w[4:]) != 42 {
		t.Errorf("header % x", w[:44])
	}
	if int16(binary.LittleEndian.Uint16(w[46:])) != -1 {
		t.Errorf("samples % x", w[44:])
	}
}

func TestMyRecordingIsKeptWithMyLineAndOnlyThere(t *testing.T) {
	f := newFixture(t)
	tr, err := f.record(t, tone(time.Second), "cafe")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.KeepTake(f.scope, "cafe", 8, tr.TakeID); apperr.CodeOf(err) != apperr.MessageNotFound {
		t.Errorf("kept with the AI's line: %v", err)
	}
	if err := f.svc.KeepTake(f.db("other"), "cafe", 7, tr.TakeID); apperr.CodeOf(err) != apperr.SpeakNotRecording {
		t.Errorf("another user took my recording: %v", err)
	}
	if err := f.svc.KeepTake(f.scope, "cafe", 7, tr.TakeID); err != nil {
		t.Fatal(err)
	}
	ids, err := f.svc.MyTakes(f.scope, "cafe")
	if err != nil || len(ids) != 1 || ids[0] != 7 {
		t.Fatalf("takes %v %v", ids, err)
	}
	take, err := f.svc.PlayTake(f.scope, "cafe", 7)
	if err != nil {
		t.Fatal(err)
	}
	audio, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(take.DataURL, "data:audio/wav;base64,"))
	if len(audio) != tr.AudioBytes || string(audio[:4]) != "RIFF" {
		t.Errorf("replayed %d bytes, want the %d sent", len(audio), tr.AudioBytes)
	}
	err = f.scope.Update(func(tx *userdata.Tx) error { return PurgeRoom(tx, "cafe") })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.PlayTake(f.scope, "cafe", 7); apperr.CodeOf(err) != apperr.MessageNotFound {
		t.Errorf("a purged room's recording plays: %v", err)
	}
}

func TestKeptRecordingsStayUnderTheCap(t *testing.T) {
	f := newFixture(t)
	f.svc.opt.TakeCapBytes = 40000 // one second of audio fits, two do not
	msgs := f.svc.opt.Messages.(messages)
	msgs[9] = chat.Message{ID: 9, Role: chat.RoleUser, Text: "네"}
	for _, id := range []uint64{7, 9} {
		tr, err := f.record(t, tone(time.Second), "cafe")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.KeepTake(f.scope, "cafe", id, tr.TakeID); err != nil {
			t.Fatal(err)
		}
	}
	ids, _ := f.svc.MyTakes(f.scope, "cafe")
	if len(ids) != 1 || ids[0] != 9 {
		t.Errorf("kept %v, want only the newest (9)", ids)
	}
}
