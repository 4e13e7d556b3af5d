package coach_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"parley/backend/account"
	"parley/backend/apperr"
	"parley/backend/chat"
	"parley/backend/coach"
	"parley/backend/core"
	"parley/backend/llm/fakeopenai"
	"parley/backend/room"
	"parley/backend/settings"
	"parley/backend/userdata"
	"parley/backend/vault"
)

// ui records the events the UI would receive.
type ui struct {
	mu         sync.Mutex
	firstDelta time.Time
	done       chan chat.DoneEvent
	feedback   chan coach.Feedback
	goals      chan coach.GoalsEvent
}

func (u *ui) Emit(name string, payload any) {
	switch p := payload.(type) {
	case chat.DeltaEvent:
		u.mu.Lock()
		if u.firstDelta.IsZero() {
			u.firstDelta = time.Now()
		}
		u.mu.Unlock()
	case chat.DoneEvent:
		u.done <- p
	case chat.ErrorEvent:
		u.done <- chat.DoneEvent{RoomID: p.RoomID, Reply: p.Reply}
	case coach.Feedback:
		if p.Status != coach.StatusChecking {
			u.feedback <- p
		}
	case coach.GoalsEvent:
		u.goals <- p
	}
}

type world struct {
	c    *core.Core
	s    *userdata.Scope
	ui   *ui
	fake *fakeopenai.Server
	room room.Room
}

var cafe = room.RoomInput{Title: "Café", Language: "en", Level: "A2", Situation: "Ordering at a busy café.",
	MyRole: "customer", AIRole: "barista", Goal: "Order a drink with a size\nAsk one question about the menu"}

func setUp(t *testing.T, in room.RoomInput, up settings.SettingsUpdate) *world {
	t.Helper()
	return setUpAt(t, in, up, nil)
}

// setUpAt is setUp with a clock (nil: time.Now).
func setUpAt(t *testing.T, in room.RoomInput, up settings.SettingsUpdate, now func() time.Time) *world {
	t.Helper()
	fake := fakeopenai.New()
	t.Cleanup(fake.Close)
	u := &ui{done: make(chan chat.DoneEvent, 8), feedback: make(chan coach.Feedback, 8), goals: make(chan coach.GoalsEvent, 8)}
	c, err := core.Open(filepath.Join(t.TempDir(), "parley.db"), core.Options{Emitter: u, Params: vault.TestParams(), LockTimeout: time.Second, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	// Not after a failure: a test that caught a deadlock leaves bbolt's locks held, and Close would
	// wait for them forever.
	t.Cleanup(func() {
		if !t.Failed() {
			_ = c.Close()
		}
	})
	if _, err := c.Accounts().SignUp(account.SignUpRequest{Username: "ann", Password: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	s, err := c.Scope()
	if err != nil {
		t.Fatal(err)
	}
	up.APIKey, up.BaseURL, up.Temperature, up.Theme = "sk-test-abcdefgh1234", fake.URL, 0.5, "system"
	if up.Model == "" {
		up.Model = "gpt-4o-mini"
	}
	if _, err := c.Settings().Save(s, up); err != nil {
		t.Fatal(err)
	}
	rm, err := c.Rooms().Create(s, in)
	if err != nil {
		t.Fatal(err)
	}
	return &world{c: c, s: s, ui: u, fake: fake, room: rm}
}

func (w *world) waitDone(t *testing.T) chat.DoneEvent {
	t.Helper()
	select {
	case d := <-w.ui.done:
		return d
	case <-time.After(10 * time.Second):
		t.Fatal("no reply within 10 s")
	}
	return chat.DoneEvent{}
}

func (w *world) waitFeedback(t *testing.T) coach.Feedback {
	t.Helper()
	select {
	case f := <-w.ui.feedback:
		return f
	case <-time.After(10 * time.Second):
		t.Fatal("no feedback within 10 s")
	}
	return coach.Feedback{}
}

func coachSays(answer string) fakeopenai.Behavior {
	return fakeopenai.Behavior{Endpoint: fakeopenai.EndpointCoach, Reply: answer,
		Usage: &fakeopenai.Usage{PromptTokens: 400, CompletionTokens: 60}}
}

const latteFix = `{"verdict":"corrected","corrected":"I'd like a medium hot latte, please.","changes":[` +
	`{"original":"I want a latte hot medium","corrected":"I'd like a medium hot latte, please","category":"grammar","explanation":"La taille vient avant."}],` +
	`"alternative":"","goals_met":[1]}`

func coachRequests(fake *fakeopenai.Server) []fakeopenai.Request {
	var out []fakeopenai.Request
	for _, r := range fake.Requests() {
		if r.Endpoint == fakeopenai.EndpointCoach || strings.Contains(r.Body, "teacher giving feedback") {
			out = append(out, r)
		}
	}
	return out
}

// One coach request per learner line: the coach model, the strict schema,
// the quoted line and the UI language, beside the role-play reply.
func TestALearnerLineGetsOneCoachRequestWithTheSchemaTheLineAndTheUILanguage(t *testing.T) {
	w := setUp(t, cafe, settings.SettingsUpdate{CoachModel: "gpt-4.1-nano", UILanguage: "ko"})
	w.fake.Script(fakeopenai.Behavior{Reply: "A medium latte, coming up!"}, coachSays(latteFix))
	sent, err := w.c.SendMessage(w.s, w.room.ID, "I want a latte hot medium")
	if err != nil {
		t.Fatal(err)
	}
	w.waitDone(t)
	fb := w.waitFeedback(t)
	reqs := coachRequests(w.fake)
	if len(reqs) != 1 {
		t.Fatalf("%d coach requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Model != "gpt-4.1-nano" || r.Stream || r.ResponseFormat != "json_schema" || r.SchemaName != "parley_coach_turn" {
		t.Fatalf("coach request model=%s stream=%v format=%s schema=%s", r.Model, r.Stream, r.ResponseFormat, r.SchemaName)
	}
	var body struct {
		ResponseFormat struct {
			JSONSchema struct {
				Strict bool            `json:"strict"`
				Schema json.RawMessage `json:"schema"`
			} `json:"json_schema"`
		} `json:"response_format"`
	}
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil || !body.ResponseFormat.JSONSchema.Strict ||
		!strings.Contains(string(body.ResponseFormat.JSONSchema.Schema), `"goals_met"`) {
		t.Fatalf("schema not sent strict: %v %s", err, r.Body)
	}
	if len(r.Messages) != 2 || !strings.Contains(r.Messages[0].Content, "Write every explanation in Korean (한국어)") ||
		!strings.Contains(r.Messages[1].Content, "<learner_line>\nI want a latte hot medium\n</learner_line>") ||
		!strings.Contains(r.Messages[1].Content, "Goal 1: Order a drink with a size") {
		t.Fatalf("coach messages %+v", r.Messages)
	}
	// The role-play request is untouched by the coach.
	for _, q := range w.fake.Requests() {
		if q.Endpoint == fakeopenai.EndpointChat && strings.Contains(q.Body, "teacher") {
			t.Fatal("the coach leaked into the role-play request")
		}
	}
	if fb.MessageID != sent.MessageID || fb.Status != coach.StatusReady || fb.Verdict != coach.VerdictCorrected ||
		fb.Corrected != "I'd like a medium hot latte, please." || len(fb.Changes) != 1 || fb.Language != "en" {
		t.Fatalf("feedback %+v", fb)
	}
	// Kept: readable with the room after the event.
	rc, err := w.c.Coach().RoomCoaching(w.s, w.room.ID)
	if err != nil || len(rc.Feedback) != 1 || rc.Feedback[0].Corrected != fb.Corrected || rc.Mode != coach.ModeOn {
		t.Fatalf("room coaching %+v %v", rc, err)
	}
}

func TestTheCoachsCostIsCountedInTheRoomsUsage(t *testing.T) {
	w := setUp(t, cafe, settings.SettingsUpdate{})
	w.fake.Script(fakeopenai.Behavior{Reply: "Sure.", Usage: &fakeopenai.Usage{PromptTokens: 100, CompletionTokens: 2}}, coachSays(latteFix))
	if _, err := w.c.SendMessage(w.s, w.room.ID, "I want a latte hot medium"); err != nil {
		t.Fatal(err)
	}
	w.waitDone(t)
	w.waitFeedback(t)
	w.c.Coach().Wait()
	u, err := w.c.Chat().RoomUsage(w.s, w.room.ID)
	if err != nil || u.PromptTokens != 500 || u.CompletionTokens != 62 {
		t.Fatalf("usage %+v %v, want the reply's 100+2 and the coach's 400+60", u, err)
	}
}

// The coach may be slow; the reply's first words must not wait for it.
func TestASlowCoachDoesNotDelayTheReplysFirstDelta(t *testing.T) {
	w := setUp(t, cafe, settings.SettingsUpdate{})
	slow := coachSays("")
	slow.Tokens, slow.TokenDelay = []string{latteFix}, 2*time.Second // the whole answer comes after 2 s
	w.fake.Script(slow, fakeopenai.Behavior{Tokens: []string{"A ", "medium ", "latte."}, TokenDelay: 20 * time.Millisecond})
	start := time.Now()
	if _, err := w.c.SendMessage(w.s, w.room.ID, "I want a latte hot medium"); err != nil {
		t.Fatal(err)
	}
	d := w.waitDone(t)
	w.ui.mu.Lock()
	first := w.ui.firstDelta.Sub(start)
	w.ui.mu.Unlock()
	if d.Reply.Text != "A medium latte." || first > time.Second {
		t.Fatalf("reply %q, first delta after %v", d.Reply.Text, first)
	}
	select {
	case f := <-w.ui.feedback:
		t.Fatalf("feedback %+v came before the slow coach could answer", f)
	default:
	}
	if fb := w.waitFeedback(t); fb.Status != coach.StatusReady || time.Since(start) < 2*time.Second {
		t.Fatalf("feedback %+v after %v", fb, time.Since(start))
	}
}

func TestAFailingCoachLeavesTheReplyIntactAndOffersARetry(t *testing.T) {
	w := setUp(t, cafe, settings.SettingsUpdate{})
	w.fake.Script(fakeopenai.Behavior{Endpoint: fakeopenai.EndpointCoach, Fail: fakeopenai.FailUnauthorized},
		fakeopenai.Behavior{Reply: "A medium latte, coming up!"})
	sent, err := w.c.SendMessage(w.s, w.room.ID, "I want a latte hot medium")
	if err != nil {
		t.Fatal(err)
	}
	d := w.waitDone(t)
	fb := w.waitFeedback(t)
	if d.Reply.Status != chat.StatusDone || d.Reply.Text != "A medium latte, coming up!" {
		t.Fatalf("reply %+v", d.Reply)
	}
	if fb.Status != coach.StatusUnavailable || fb.ErrorCode != apperr.LLMUnauthorized {
		t.Fatalf("feedback %+v", fb)
	}
	// Retry: Check asks again and replaces the failed feedback.
	w.fake.Script(coachSays(latteFix))
	again, err := w.c.Coach().Check(w.s, w.room.ID, sent.MessageID)
	if err != nil || again.Status != coach.StatusReady {
		t.Fatalf("retry %+v %v", again, err)
	}
	rc, _ := w.c.Coach().RoomCoaching(w.s, w.room.ID)
	if len(rc.Feedback) != 1 || rc.Feedback[0].Status != coach.StatusReady {
		t.Fatalf("kept %+v", rc.Feedback)
	}
}

func TestAnUnreadableAnswerIsFeedbackUnavailable(t *testing.T) {
	for name, b := range map[string]fakeopenai.Behavior{
		"malformed JSON body": {Endpoint: fakeopenai.EndpointCoach, Fail: fakeopenai.FailMalformed},
		"truncated answer":    coachSays(latteFix[:80]),
		"cut at max tokens":   {Endpoint: fakeopenai.EndpointCoach, Reply: latteFix, FinishReason: "length"},
	} {
		t.Run(name, func(t *testing.T) {
			w := setUp(t, cafe, settings.SettingsUpdate{})
			w.fake.Script(b, fakeopenai.Behavior{Reply: "Sure."})
			if _, err := w.c.SendMessage(w.s, w.room.ID, "I want a latte hot medium"); err != nil {
				t.Fatal(err)
			}
			if d := w.waitDone(t); d.Reply.Text != "Sure." {
				t.Fatalf("reply %+v", d.Reply)
			}
			if fb := w.waitFeedback(t); fb.Status != coach.StatusUnavailable || fb.ErrorCode != apperr.LLMMalformed {
				t.Fatalf("feedback %+v", fb)
			}
		})
	}
}

// A server without structured output refuses response_format; the coach
// asks once more with the schema in words and reads the JSON from prose.
func TestAServerThatRefusesResponseFormatIsAskedInPlainJSON(t *testing.T) {
	w := setUp(t, cafe, settings.SettingsUpdate{})
	if err := w.c.Coach().SetMode(w.s, w.room.ID, coach.ModeOnRequest); err != nil {
		t.Fatal(err)
	}
	w.fake.Script(fakeopenai.Behavior{Reply: "Sure."})
	sent, err := w.c.SendMessage(w.s, w.room.ID, "I want a latte hot medium")
	if err != nil {
		t.Fatal(err)
	}
	w.waitDone(t)
	w.c.Coach().Wait()
	if n := len(coachRequests(w.fake)); n != 0 {
		t.Fatalf("%d coach requests in on-request mode before Check", n)
	}
	w.fake.Script(fakeopenai.Behavior{Endpoint: fakeopenai.EndpointCoach, Fail: fakeopenai.FailNoResponseFormat},
		fakeopenai.Behavior{Reply: "Here you go:\n```json\n" + latteFix + "\n```"})
	fb, err := w.c.Coach().Check(w.s, w.room.ID, sent.MessageID)
	if err != nil || fb.Status != coach.StatusReady || fb.Corrected != "I'd like a medium hot latte, please." {
		t.Fatalf("feedback %+v %v", fb, err)
	}
	reqs := coachRequests(w.fake)
	if len(reqs) != 2 || reqs[0].ResponseFormat != "json_schema" || reqs[1].ResponseFormat != "" ||
		!strings.Contains(reqs[1].Messages[0].Content, "follows this JSON schema") {
		t.Fatalf("requests %+v", reqs)
	}
}

func TestGoalsTickAsTheCoachReportsThem(t *testing.T) {
	w := setUp(t, cafe, settings.SettingsUpdate{})
	w.fake.Script(fakeopenai.Behavior{Reply: "Sure."}, coachSays(latteFix))
	if _, err := w.c.SendMessage(w.s, w.room.ID, "I want a latte hot medium"); err != nil {
		t.Fatal(err)
	}
	w.waitDone(t)
	select {
	case g := <-w.ui.goals:
		if len(g.Goals) != 2 || !g.Goals[0].Met || g.Goals[1].Met || g.Goals[0].Text != "Order a drink with a size" {
			t.Fatalf("goals event %+v", g)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no goals event")
	}
	// A later answer that forgets goal 1 does not untick it.
	w.fake.Script(fakeopenai.Behavior{Reply: "Oat milk, sure."},
		coachSays(`{"verdict":"natural","corrected":"","changes":[],"alternative":"","goals_met":[2]}`))
	if _, err := w.c.SendMessage(w.s, w.room.ID, "Do you have oat milk?"); err != nil {
		t.Fatal(err)
	}
	w.waitDone(t)
	w.waitFeedback(t)
	w.waitFeedback(t)
	w.c.Coach().Wait()
	rc, err := w.c.Coach().RoomCoaching(w.s, w.room.ID)
	if err != nil || len(rc.Goals) != 2 || !rc.Goals[0].Met || !rc.Goals[1].Met {
		t.Fatalf("goals %+v %v", rc.Goals, err)
	}
}

func TestTheCoachIsSilentWhenOffAndTheModeIsValidated(t *testing.T) {
	w := setUp(t, cafe, settings.SettingsUpdate{})
	if err := w.c.Coach().SetMode(w.s, w.room.ID, "sometimes"); apperr.CodeOf(err) != apperr.InputInvalid {
		t.Fatalf("bad mode: %v", err)
	}
	if err := w.c.Coach().SetMode(w.s, "nope", coach.ModeOff); apperr.CodeOf(err) != apperr.RoomNotFound {
		t.Fatalf("other room: %v", err)
	}
	if err := w.c.Coach().SetMode(w.s, w.room.ID, coach.ModeOff); err != nil {
		t.Fatal(err)
	}
	w.fake.Script(fakeopenai.Behavior{Reply: "Sure."})
	if _, err := w.c.SendMessage(w.s, w.room.ID, "I want a latte hot medium"); err != nil {
		t.Fatal(err)
	}
	w.waitDone(t)
	w.c.Coach().Wait()
	if n := len(coachRequests(w.fake)); n != 0 {
		t.Fatalf("%d coach requests with the coach off", n)
	}
	rc, _ := w.c.Coach().RoomCoaching(w.s, w.room.ID)
	if rc.Mode != coach.ModeOff || len(rc.Feedback) != 0 {
		t.Fatalf("room coaching %+v", rc)
	}
}

// A hint is one structured request with all four rungs; it never enters the
// conversation, and the rung reached is credited to the next line.
func TestAHintLadderIsOneRequestOutsideTheConversationAndItsRungIsKept(t *testing.T) {
	w := setUp(t, cafe, settings.SettingsUpdate{UILanguage: "ja"})
	w.fake.Script(fakeopenai.Behavior{Reply: "Hi! What can I get you?"})
	if _, err := w.c.Chat().OpenScene(w.s, w.room.ID); err != nil {
		t.Fatal(err)
	}
	w.waitDone(t)
	w.fake.Script(fakeopenai.Behavior{Endpoint: fakeopenai.EndpointCoach, Usage: &fakeopenai.Usage{PromptTokens: 300, CompletionTokens: 80},
		Reply: `{"aim":"サイズを伝えましょう。","phrases":[{"text":"medium","meaning":"M サイズ"},{"text":"hot","meaning":"ホット"}],` +
			`"starter":"Could I get…","line":"Could I get a medium hot latte?","translation":"M サイズのホットラテをください。"}`})
	h, err := w.c.HintLadder(w.s, "hint-1", w.room.ID)
	if err != nil || h.Aim != "サイズを伝えましょう。" || len(h.Phrases) != 2 || h.Line != "Could I get a medium hot latte?" {
		t.Fatalf("ladder %+v %v", h, err)
	}
	reqs := coachRequests(w.fake)
	if len(reqs) != 1 || reqs[0].SchemaName != "parley_hint_ladder" ||
		!strings.Contains(reqs[0].Messages[1].Content, "Partner: Hi! What can I get you?") ||
		!strings.Contains(reqs[0].Messages[0].Content, "aim: one short sentence in Japanese (日本語)") {
		t.Fatalf("hint request %+v", reqs)
	}
	page, _ := w.c.Chat().ListMessages(w.s, w.room.ID, 0, 10)
	if len(page.Messages) != 1 {
		t.Fatalf("the hint entered the conversation: %+v", page.Messages)
	}
	if u, _ := w.c.Chat().RoomUsage(w.s, w.room.ID); u.PromptTokens < 300 {
		t.Fatalf("the hint's cost is not counted: %+v", u)
	}
	if err := w.c.Coach().ReachRung(w.s, w.room.ID, 5); apperr.CodeOf(err) != apperr.InputInvalid {
		t.Fatalf("rung 5: %v", err)
	}
	for _, r := range []int{1, 3, 2} {
		if err := w.c.Coach().ReachRung(w.s, w.room.ID, r); err != nil {
			t.Fatal(err)
		}
	}
	w.fake.Script(fakeopenai.Behavior{Reply: "Sure."})
	sent, err := w.c.SendMessage(w.s, w.room.ID, "Could I get a medium hot latte?")
	if err != nil {
		t.Fatal(err)
	}
	w.waitDone(t)
	w.waitFeedback(t)
	w.c.Coach().Wait()
	rc, _ := w.c.Coach().RoomCoaching(w.s, w.room.ID)
	if len(rc.Rungs) != 1 || rc.Rungs[0].MessageID != sent.MessageID || rc.Rungs[0].Rung != 3 {
		t.Fatalf("rungs %+v", rc.Rungs)
	}
}

func TestAHintCanBeCanceled(t *testing.T) {
	w := setUp(t, cafe, settings.SettingsUpdate{})
	w.fake.Script(fakeopenai.Behavior{Endpoint: fakeopenai.EndpointCoach, Fail: fakeopenai.FailStall})
	errc := make(chan error, 1)
	go func() {
		_, err := w.c.HintLadder(w.s, "hint-2", w.room.ID)
		errc <- err
	}()
	if _, ok := w.fake.WaitRequests(1, 5*time.Second); !ok {
		t.Fatal("no hint request")
	}
	if err := w.c.CancelCall("hint-2"); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errc:
		if apperr.CodeOf(err) != apperr.LLMCanceled {
			t.Fatalf("got %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the hint did not stop")
	}
}

func TestATranslationIsInTheUILanguageAndKeptWithTheMessage(t *testing.T) {
	w := setUp(t, cafe, settings.SettingsUpdate{UILanguage: "ko"})
	w.fake.Script(fakeopenai.Behavior{Reply: "Hi! What can I get you?"})
	opened, err := w.c.Chat().OpenScene(w.s, w.room.ID)
	if err != nil {
		t.Fatal(err)
	}
	w.waitDone(t)
	w.fake.Script(fakeopenai.Behavior{Endpoint: fakeopenai.EndpointCoach, Reply: `{"translation":"안녕하세요! 뭘 드릴까요?"}`})
	tr, err := w.c.TranslateMessage(w.s, "tr-1", w.room.ID, opened.ReplyID)
	if err != nil || tr.Text != "안녕하세요! 뭘 드릴까요?" || tr.Language != "ko" || tr.Cached {
		t.Fatalf("translation %+v %v", tr, err)
	}
	reqs := coachRequests(w.fake)
	if len(reqs) != 1 || reqs[0].SchemaName != "parley_translation" || !strings.Contains(reqs[0].Messages[0].Content, "from English into Korean (한국어)") ||
		!strings.Contains(reqs[0].Messages[1].Content, "<line>\nHi! What can I get you?\n</line>") {
		t.Fatalf("translate request %+v", reqs)
	}
	again, err := w.c.TranslateMessage(w.s, "tr-2", w.room.ID, opened.ReplyID)
	if err != nil || !again.Cached || again.Text != tr.Text || len(coachRequests(w.fake)) != 1 {
		t.Fatalf("second translation %+v %v, %d requests", again, err, len(coachRequests(w.fake)))
	}
	if _, err := w.c.TranslateMessage(w.s, "tr-3", w.room.ID, 999); apperr.CodeOf(err) != apperr.MessageNotFound {
		t.Fatalf("missing message: %v", err)
	}
}

func TestHowDoISayGivesUpToThreeWaysAtTheRoomsLevelAndFormality(t *testing.T) {
	ko := room.RoomInput{Title: "카페", Language: "ko", Level: "A2", Formality: "polite", Situation: "카페에서 주문한다.", MyRole: "손님", AIRole: "바리스타"}
	w := setUp(t, ko, settings.SettingsUpdate{UILanguage: "en"})
	if _, err := w.c.HowDoISay(w.s, "h-0", w.room.ID, "  "); apperr.CodeOf(err) != apperr.InputRequired {
		t.Fatalf("empty: %v", err)
	}
	if _, err := w.c.HowDoISay(w.s, "h-1", w.room.ID, strings.Repeat("a", coach.MaxAsk+1)); apperr.CodeOf(err) != apperr.InputTooLong {
		t.Fatalf("too long: %v", err)
	}
	w.fake.Script(fakeopenai.Behavior{Endpoint: fakeopenai.EndpointCoach, Reply: `{"ways":[{"text":"영수증 주세요.","note":"Short and polite."},` +
		`{"text":"영수증 좀 주시겠어요?","note":"Softer."},{"text":"","note":"empty"},{"text":"영수증 주실 수 있나요?","note":"A question."},{"text":"four","note":""}]}`})
	ways, err := w.c.HowDoISay(w.s, "h-2", w.room.ID, "Can I have the receipt?")
	if err != nil || len(ways.Ways) != 3 || ways.Ways[0].Text != "영수증 주세요." || ways.Ways[2].Text != "영수증 주실 수 있나요?" {
		t.Fatalf("ways %+v %v", ways, err)
	}
	r := coachRequests(w.fake)[0]
	if r.SchemaName != "parley_ways_to_say" || !strings.Contains(r.Messages[0].Content, "CEFR level A2") ||
		!strings.Contains(r.Messages[0].Content, "존댓말") || !strings.Contains(r.Messages[0].Content, "in English") ||
		!strings.Contains(r.Messages[1].Content, "<meaning>\nCan I have the receipt?\n</meaning>") {
		t.Fatalf("ways request %+v", r.Messages)
	}
}

func TestEndingASessionKeepsItsDebriefAndStartsAFreshOne(t *testing.T) {
	w := setUp(t, cafe, settings.SettingsUpdate{})
	if _, err := w.c.EndSession(w.s, "end-0", w.room.ID); apperr.CodeOf(err) != apperr.CoachEmptySession {
		t.Fatalf("empty session: %v", err)
	}
	w.fake.Script(fakeopenai.Behavior{Reply: "Sure, for here or to go?"}, coachSays(latteFix))
	first, err := w.c.SendMessage(w.s, w.room.ID, "I want a latte hot medium")
	if err != nil {
		t.Fatal(err)
	}
	w.waitDone(t)
	w.waitFeedback(t)
	w.c.Coach().Wait()
	w.fake.Script(fakeopenai.Behavior{Endpoint: fakeopenai.EndpointCoach, Usage: &fakeopenai.Usage{PromptTokens: 700, CompletionTokens: 90},
		Reply: `{"phrases":[{"text":"for here or to go","meaning":"eat in or take away"}],"felt":"A2","next":"A2","note":"A good fit."}`})
	before, _ := w.c.Chat().RoomUsage(w.s, w.room.ID)
	d, err := w.c.EndSession(w.s, "end-1", w.room.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.ID != 1 || d.FromID != first.MessageID || d.Stats.Lines != 1 || len(d.Phrases) != 1 || d.Level.Felt != "A2" ||
		len(d.Corrections) != 1 || !d.Goals[0].Met || d.Goals[1].Met {
		t.Fatalf("debrief %+v", d)
	}
	r := coachRequests(w.fake)
	last := r[len(r)-1]
	if last.SchemaName != "parley_debrief" || !strings.Contains(last.Messages[1].Content, "Learner: I want a latte hot medium") ||
		!strings.Contains(last.Messages[1].Content, "Partner: Sure, for here or to go?") {
		t.Fatalf("debrief request %+v", last.Messages)
	}
	if after, _ := w.c.Chat().RoomUsage(w.s, w.room.ID); after.PromptTokens != before.PromptTokens+700 {
		t.Fatalf("debrief cost not counted: %+v → %+v", before, after)
	}
	rc, _ := w.c.Coach().RoomCoaching(w.s, w.room.ID)
	if rc.Goals[0].Met {
		t.Fatal("the new session starts with its goals unticked")
	}
	if _, err := w.c.EndSession(w.s, "end-2", w.room.ID); apperr.CodeOf(err) != apperr.CoachEmptySession {
		t.Fatalf("a session with nothing new: %v", err)
	}
	w.fake.Script(fakeopenai.Behavior{Reply: "Here you go."}, coachSays(`{"verdict":"natural","corrected":"","changes":[],"alternative":"","goals_met":[]}`))
	second, _ := w.c.SendMessage(w.s, w.room.ID, "Thank you!")
	w.waitDone(t)
	w.waitFeedback(t)
	w.c.Coach().Wait()
	w.fake.Script(fakeopenai.Behavior{Endpoint: fakeopenai.EndpointCoach, Reply: `{"phrases":[],"felt":"A2","next":"B1","note":""}`})
	d2, err := w.c.EndSession(w.s, "end-3", w.room.ID)
	if err != nil || d2.ID != 2 || d2.FromID <= d.ToID || d2.Stats.Lines != 1 || d2.ToID < second.MessageID {
		t.Fatalf("second debrief %+v %v", d2, err)
	}
	list, err := w.c.Coach().Debriefs(w.s, w.room.ID)
	if err != nil || len(list) != 2 || list[0].ID != 2 || list[1].ID != 1 {
		t.Fatalf("debriefs %+v %v", list, err)
	}
	if got, err := w.c.Coach().DebriefByID(w.s, w.room.ID, 1); err != nil || got.Phrases[0].Text != "for here or to go" {
		t.Fatalf("debrief 1: %+v %v", got, err)
	}
	if _, err := w.c.Coach().DebriefByID(w.s, w.room.ID, 9); apperr.CodeOf(err) != apperr.CoachDebriefNotFound {
		t.Fatalf("missing debrief: %v", err)
	}
}

// Every coach method reaches only the caller's rooms: another user's room
// id is room.not_found, as for the rest of Parley.
func TestAnotherUsersRoomIsNotFoundByAnyCoachMethod(t *testing.T) {
	w := setUp(t, cafe, settings.SettingsUpdate{})
	annRoom := w.room.ID
	if err := w.c.Accounts().LogOut(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.c.Accounts().SignUp(account.SignUpRequest{Username: "bob", Password: "another good password"}); err != nil {
		t.Fatal(err)
	}
	bob, err := w.c.Scope()
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, err error) {
		t.Helper()
		if apperr.CodeOf(err) != apperr.RoomNotFound {
			t.Errorf("%s on ann's room: %v", name, err)
		}
	}
	_, err = w.c.Coach().RoomCoaching(bob, annRoom)
	check("RoomCoaching", err)
	check("SetMode", w.c.Coach().SetMode(bob, annRoom, coach.ModeOff))
	_, err = w.c.Coach().Check(bob, annRoom, 1)
	check("Check", err)
	_, err = w.c.HintLadder(bob, "b-1", annRoom)
	check("HintLadder", err)
	check("ReachRung", w.c.Coach().ReachRung(bob, annRoom, 1))
	_, err = w.c.TranslateMessage(bob, "b-2", annRoom, 1)
	check("TranslateMessage", err)
	_, err = w.c.HowDoISay(bob, "b-3", annRoom, "hello")
	check("HowDoISay", err)
	_, err = w.c.EndSession(bob, "b-4", annRoom)
	check("EndSession", err)
	_, err = w.c.Coach().Debriefs(bob, annRoom)
	check("Debriefs", err)
	_, err = w.c.Coach().DebriefByID(bob, annRoom, 1)
	check("DebriefByID", err)
	if n := len(coachRequests(w.fake)); n != 0 {
		t.Fatalf("%d coach requests were made for another user's room", n)
	}
}

// A room deleted for good takes the coach's notes and debriefs with it.
func TestPurgingARoomDeletesWhatTheCoachKept(t *testing.T) {
	w := setUp(t, cafe, settings.SettingsUpdate{})
	w.fake.Script(fakeopenai.Behavior{Reply: "Sure."}, coachSays(latteFix))
	if _, err := w.c.SendMessage(w.s, w.room.ID, "I want a latte hot medium"); err != nil {
		t.Fatal(err)
	}
	w.waitDone(t)
	w.waitFeedback(t)
	w.c.Coach().Wait()
	w.fake.Script(fakeopenai.Behavior{Endpoint: fakeopenai.EndpointCoach, Reply: `{"phrases":[],"felt":"A2","next":"A2","note":""}`})
	if _, err := w.c.EndSession(w.s, "end", w.room.ID); err != nil {
		t.Fatal(err)
	}
	kept := func() (n int) {
		_ = w.s.View(func(tx *userdata.Tx) error {
			for _, path := range [][]string{{"coach", w.room.ID}, {"coachdebriefs", w.room.ID}} {
				if b, _ := tx.Bucket(path...); b != nil {
					n++
				}
			}
			if b, _ := tx.Bucket("coachrooms"); b != nil {
				var r map[string]any
				if found, _ := b.Get([]byte(w.room.ID), &r); found {
					n++
				}
			}
			return nil
		})
		return n
	}
	if kept() != 3 {
		t.Fatalf("before the purge the coach keeps %d things", kept())
	}
	if err := w.c.Rooms().Delete(w.s, []string{w.room.ID}); err != nil {
		t.Fatal(err)
	}
	if err := w.c.Rooms().EmptyTrash(w.s); err != nil {
		t.Fatal(err)
	}
	if n := kept(); n != 0 {
		t.Fatalf("%d coach records outlived the room", n)
	}
}

// Log-out cancels a check under way; nothing about the line reaches the
// page after the user left.
func TestLoggingOutCancelsACheckWithoutATrace(t *testing.T) {
	w := setUp(t, cafe, settings.SettingsUpdate{})
	w.fake.Script(fakeopenai.Behavior{Reply: "Sure."}, fakeopenai.Behavior{Endpoint: fakeopenai.EndpointCoach, Fail: fakeopenai.FailStall})
	if _, err := w.c.SendMessage(w.s, w.room.ID, "I want a latte hot medium"); err != nil {
		t.Fatal(err)
	}
	w.waitDone(t)
	deadline := time.Now().Add(5 * time.Second)
	for len(coachRequests(w.fake)) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if err := w.c.Accounts().LogOut(); err != nil {
		t.Fatal(err)
	}
	w.c.Coach().Wait()
	select {
	case f := <-w.ui.feedback:
		t.Fatalf("feedback reached the page after log-out: %+v", f)
	default:
	}
}

// A UI that follows the OS has the coach explain in the language it shows.
func TestTheCoachExplainsInTheLanguageTheUIShowsWhenItFollowsTheOS(t *testing.T) {
	w := setUp(t, cafe, settings.SettingsUpdate{UILanguage: ""})
	if err := w.c.Coach().ShowingLanguage(w.s, "xx"); apperr.CodeOf(err) != apperr.InputInvalid {
		t.Fatalf("bad language: %v", err)
	}
	if err := w.c.Coach().ShowingLanguage(w.s, "ja"); err != nil {
		t.Fatal(err)
	}
	w.fake.Script(fakeopenai.Behavior{Reply: "Sure."}, coachSays(latteFix))
	if _, err := w.c.SendMessage(w.s, w.room.ID, "I want a latte hot medium"); err != nil {
		t.Fatal(err)
	}
	w.waitDone(t)
	w.waitFeedback(t)
	if r := coachRequests(w.fake); len(r) != 1 || !strings.Contains(r[0].Messages[0].Content, "Write every explanation in Japanese (日本語)") {
		t.Fatalf("coach request %+v", r)
	}
	// A saved UI language wins.
	if _, err := w.c.Settings().Save(w.s, settings.SettingsUpdate{APIKey: "", BaseURL: w.fake.URL, Model: "gpt-4o-mini", UILanguage: "ko", Theme: "system"}); err != nil {
		t.Fatal(err)
	}
	w.fake.Script(fakeopenai.Behavior{Reply: "Sure."}, coachSays(latteFix))
	if _, err := w.c.SendMessage(w.s, w.room.ID, "Thanks"); err != nil {
		t.Fatal(err)
	}
	w.waitDone(t)
	w.waitFeedback(t)
	if r := coachRequests(w.fake); len(r) != 2 || !strings.Contains(r[1].Messages[0].Content, "Write every explanation in Korean (한국어)") {
		t.Fatalf("coach request %+v", r[len(r)-1].Messages[0])
	}
}

// The profile's explanation language wins over the UI language.
func TestTheCoachExplainsInTheLanguageTheLearnerChoseForExplanations(t *testing.T) {
	w := setUp(t, cafe, settings.SettingsUpdate{UILanguage: "en", Learner: settings.Learner{ExplainLanguage: "ja"}})
	w.fake.Script(fakeopenai.Behavior{Reply: "A medium latte, coming up!"}, coachSays(latteFix))
	if _, err := w.c.SendMessage(w.s, w.room.ID, "I want a latte hot medium"); err != nil {
		t.Fatal(err)
	}
	w.waitDone(t)
	w.waitFeedback(t)
	reqs := coachRequests(w.fake)
	if len(reqs) != 1 || !strings.Contains(reqs[0].Messages[0].Content, "Write every explanation in Japanese (日本語)") {
		t.Fatalf("coach request %+v", reqs)
	}
}
