package lookup

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/llm"
	"parley/backend/llm/fakeopenai"
	"parley/backend/settings"
	"parley/backend/userdata/userdatatest"
)

func TestATappedWordIsExplainedOnceAndThenComesFromTheCache(t *testing.T) {
	fake := fakeopenai.New()
	defer fake.Close()
	db, path := userdatatest.OpenDB(t)
	scope := userdatatest.Scope(t, db, "mina")
	set := settings.New()
	if _, err := set.Save(scope, settings.SettingsUpdate{BaseURL: fake.URL, APIKey: "sk-test-12345678"}); err != nil {
		t.Fatal(err)
	}
	svc := New(Options{Config: set, NewClient: func(c llm.Config) (*llm.Client, error) {
		c.Backoff = func(int) time.Duration { return time.Millisecond }
		return llm.NewClient(c)
	}})
	fake.Script(fakeopenai.Behavior{Reply: "```json\n{\"reading\":\"mogeutsseumnida\",\"dictionaryForm\":\"먹다\",\"meaning\":\"will eat\",\"note\":\"formal future\"}\n```"})
	req := Request{Word: "먹겠습니다", Sentence: "잘 먹겠습니다!", Language: "ko", UILanguage: "en"}
	got, err := svc.Lookup(context.Background(), scope, req)
	if err != nil {
		t.Fatal(err)
	}
	want := WordInfo{Word: "먹겠습니다", Reading: "mogeutsseumnida", DictionaryForm: "먹다", Meaning: "will eat", Note: "formal future"}
	if got != want {
		t.Fatalf("got %+v", got)
	}
	again, err := svc.Lookup(context.Background(), scope, req)
	if err != nil || !again.Cached || again.Meaning != "will eat" {
		t.Errorf("again = %+v, %v", again, err)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 {
		t.Fatalf("requests = %d, want 1", len(reqs))
	}
	sys, user := reqs[0].Messages[0].Content, reqs[0].Messages[1].Content
	if !strings.Contains(sys, "learner of Korean") || !strings.Contains(sys, "in English") || !strings.Contains(user, "<word>먹겠습니다</word>") {
		t.Errorf("prompt = %q / %q", sys, user)
	}
	db.Close()
	raw, _ := os.ReadFile(path)
	if bytes.Contains(raw, []byte("will eat")) || bytes.Contains(raw, []byte("먹다")) {
		t.Error("the cached answer is in clear")
	}
}

func TestAnAnswerThatIsNotTheJSONAskedForIsMalformed(t *testing.T) {
	for _, text := range []string{"Sure! It means to eat.", `{"reading":"x"}`, `{"meaning": 3}`} {
		if _, err := parse(text); apperr.CodeOf(err) != apperr.LLMMalformed {
			t.Errorf("%q: %v", text, err)
		}
	}
	if got, err := parse(`Here: {"reading":"ˈwɔːtər","dictionaryForm":"water","meaning":"물","note":""} hope it helps`); err != nil || got.Reading != "ˈwɔːtər" {
		t.Errorf("surrounded JSON: %+v, %v", got, err)
	}
}

func TestBadRequestsNameTheirField(t *testing.T) {
	for field, r := range map[string]Request{
		"word":       {Language: "ko", UILanguage: "en"},
		"language":   {Word: "x", Language: "fr", UILanguage: "en"},
		"uiLanguage": {Word: "x", Language: "ko", UILanguage: ""},
	} {
		if _, err := check(r); apperr.As(err) == nil || apperr.As(err).Field != field {
			t.Errorf("%s: %v", field, err)
		}
	}
	if _, err := check(Request{Word: strings.Repeat("가", MaxWord+1), Language: "ko", UILanguage: "en"}); apperr.CodeOf(err) != apperr.InputTooLong {
		t.Errorf("long word: %v", err)
	}
}
