package chat

import (
	"fmt"
	"strings"
	"testing"
)

func testCounter(t testing.TB, model string) counter {
	t.Helper()
	name := encodingFor(model)
	enc, err := encoder(name)
	if err != nil {
		t.Fatal(err)
	}
	return counter{enc: enc, name: name, cache: &tokenCache{}, scale: 1}
}

// sliceHistory yields msgs (oldest first) newest first, counting reads.
func sliceHistory(msgs []Message, reads *int) history {
	return func(visit func(Message) bool) error {
		for i := len(msgs) - 1; i >= 0; i-- {
			*reads++
			if visit(msgs[i]) {
				return nil
			}
		}
		return nil
	}
}

func TestTokenCountsMatchOpenAIsTokenizer(t *testing.T) {
	// Known counts from OpenAI's tiktoken for these encodings.
	cases := []struct {
		model, text string
		want        int
	}{
		{"gpt-4o-mini", "hello world", 2},
		{"gpt-3.5-turbo", "hello world", 2},
		{"gpt-4o", "tiktoken is great!", 6},
		{"gpt-4", "tiktoken is great!", 6},
	}
	for _, c := range cases {
		ct := testCounter(t, c.model)
		if got := len(ct.enc.EncodeOrdinary(c.text)); got != c.want {
			t.Errorf("%s %q: %d tokens, want %d", c.model, c.text, got, c.want)
		}
	}
	if encodingFor("gpt-4o-mini") != "o200k_base" || encodingFor("gpt-3.5-turbo") != "cl100k_base" || encodingFor("llama3.2") != "cl100k_base" {
		t.Error("wrong encoding picked")
	}
}

func TestPerMessageOverheadFollowsTheCookbook(t *testing.T) {
	ct := testCounter(t, "gpt-4o")
	// 3 framing tokens + "user" (1) + "hello world" (2)
	if got := ct.message("user", "hello world"); got != 6 {
		t.Fatalf("message cost %d, want 6", got)
	}
}

func TestBudgetsComeFromTheModelTable(t *testing.T) {
	if got := promptBudget("gpt-4"); got != 8192-1024 {
		t.Errorf("gpt-4 budget %d", got)
	}
	if got := promptBudget("gpt-4o-mini"); got != maxPromptTokens {
		t.Errorf("gpt-4o-mini budget %d, want the cost cap", got)
	}
	if got := promptBudget("gpt-4-0613"); got != 8192-1024 {
		t.Errorf("a dated gpt-4 snapshot's budget %d, want gpt-4's", got)
	}
	for _, model := range []string{"qwen2.5:7b", "llama3.2", "gpt-4o-mini-tts", ""} {
		if got := promptBudget(model); got != 4096-1024 {
			t.Errorf("unknown model %q budget %d, want the conservative default", model, got)
		}
		if encodingFor(model) != "cl100k_base" {
			t.Errorf("unknown model %q counted with %s", model, encodingFor(model))
		}
	}
}

func conversation(n int) []Message {
	msgs := make([]Message, n)
	for i := range msgs {
		role := RoleUser
		if i%2 == 1 {
			role = RoleAssistant
		}
		msgs[i] = Message{ID: uint64(i + 1), Role: role, Status: StatusDone,
			Text: fmt.Sprintf("Turn %d: I would like a coffee, please, and maybe a croissant too.", i+1)}
	}
	return msgs
}

func TestOldTurnsAreDroppedWholeWhenTheBudgetIsFull(t *testing.T) {
	ct := testCounter(t, "gpt-4o")
	msgs := conversation(40)
	reads := 0
	p, err := planContext(ct, 200, "You are a barista.", "", sliceHistory(msgs, &reads))
	if err != nil {
		t.Fatal(err)
	}
	if !p.trimmed || len(p.turns) == 0 || len(p.turns) >= 40 {
		t.Fatalf("kept %d turns, trimmed=%v", len(p.turns), p.trimmed)
	}
	if p.estimate > 200 {
		t.Fatalf("estimate %d over budget", p.estimate)
	}
	last := p.turns[len(p.turns)-1]
	if last.ID != 40 {
		t.Fatalf("newest turn missing: last kept is %d", last.ID)
	}
	for i := 1; i < len(p.turns); i++ {
		if p.turns[i].ID != p.turns[i-1].ID+1 {
			t.Fatal("kept turns are not the contiguous newest ones")
		}
	}
	if reads > len(p.turns)+1 {
		t.Fatalf("read %d messages to keep %d", reads, len(p.turns))
	}
}

func TestTheNewestTurnIsKeptEvenAloneOverBudget(t *testing.T) {
	ct := testCounter(t, "gpt-4o")
	msgs := []Message{{ID: 1, Role: RoleUser, Status: StatusDone, Text: strings.Repeat("long words ", 200)}}
	reads := 0
	p, _ := planContext(ct, 50, "sys", "", sliceHistory(msgs, &reads))
	if len(p.turns) != 1 {
		t.Fatal("the learner's newest message was dropped")
	}
}

func TestFailedRepliesAreNotSentAsContext(t *testing.T) {
	ct := testCounter(t, "gpt-4o")
	msgs := []Message{
		{ID: 1, Role: RoleAssistant, Status: StatusDone, Opening: true, Text: "Welcome!"},
		{ID: 2, Role: RoleUser, Status: StatusDone, Text: "Hi"},
		{ID: 3, Role: RoleAssistant, Status: StatusError, Text: "Half a sen"},
		{ID: 4, Role: RoleUser, Status: StatusDone, Text: "Hello?"},
		{ID: 5, Role: RoleAssistant, Status: StatusStopped, Text: "Sorry, I"},
		{ID: 6, Role: RoleUser, Status: StatusDone, Text: "Go on"},
	}
	reads := 0
	p, _ := planContext(ct, 10_000, "sys", "open now", sliceHistory(msgs, &reads))
	got := rolePlayMessages("sys", "open now", p, false)
	want := []wireMessage{{"system", "sys"}, {"user", "open now"}, {"assistant", "Welcome!"},
		{"user", "Hi"}, {"user", "Hello?"}, {"assistant", "Sorry, I"}, {"user", "Go on"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("sent %v\nwant %v", got, want)
	}
}

func TestCalibrationScalesEstimatesTowardsTheServersCount(t *testing.T) {
	var c calibration
	if c.scale("m") != 1 {
		t.Fatal("uncalibrated scale is not 1")
	}
	c.observe("m", 100, 150)
	if s := c.scale("m"); s != 1.5 {
		t.Fatalf("scale %v", s)
	}
	c.observe("m", 100, 100_000)
	if s := c.scale("m"); s != 3 {
		t.Fatalf("absurd report not clamped: %v", s)
	}
}

// Text that looks like a tokenizer control token is counted as plain text,
// never treated as special (which would panic in tiktoken).
func TestSpecialTokenLookalikesAreCountedAsText(t *testing.T) {
	ct := testCounter(t, "gpt-4o")
	if n := ct.message("user", "<|endoftext|><|im_start|>system"); n <= tokensPerMessage+1 {
		t.Fatalf("counted %d", n)
	}
}
