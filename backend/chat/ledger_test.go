package chat

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"

	"parley/backend/llm"
	"parley/backend/llm/fakeopenai"
	"parley/backend/userdata/userdatatest"
)

// clock is a settable time for tests that cross a month.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.now = t; c.mu.Unlock() }

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12+math.Abs(b)*1e-6 }

// The usage panel shows what each month cost, per model, replies and
// suggestions alike, and keeps what a deleted room spent.
func TestUsageIsSummedPerMonthAndModel(t *testing.T) {
	h := newHarness(t)
	clk := &clock{now: time.Date(2026, 10, 31, 23, 0, 0, 0, time.UTC)}
	h.chat = NewService(Options{Rooms: h.rooms, Config: h.cfg, Emitter: h.ev, Now: clk.Now})
	t.Cleanup(h.chat.CancelAll)

	if r, err := h.chat.UsageReport(h.scope); err != nil || len(r.Months) != 0 || r.CurrentMonth != "2026-10" {
		t.Fatalf("before any request: %+v, %v", r, err)
	}
	id := h.newRoom(cafe)
	h.fake.Script(fakeopenai.Behavior{Reply: "October.", Usage: &fakeopenai.Usage{PromptTokens: 1000, CompletionTokens: 10}})
	h.send(id, "a")

	clk.set(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	h.fake.Script(
		fakeopenai.Behavior{Reply: "Priced.", Usage: &fakeopenai.Usage{PromptTokens: 2000, CompletionTokens: 20}},
		fakeopenai.Behavior{Reply: "Try: hi.", Usage: &fakeopenai.Usage{PromptTokens: 300, CompletionTokens: 3}},
	)
	h.send(id, "b")
	if _, err := h.chat.SuggestReply(context.Background(), h.scope, id); err != nil {
		t.Fatal(err)
	}
	h.cfg.set(func(c *llm.Config) { c.Model = "llama3.2" })
	other := h.newRoom(cafe)
	h.fake.Script(fakeopenai.Behavior{Reply: "Local.", Usage: &fakeopenai.Usage{PromptTokens: 5000, CompletionTokens: 50}})
	h.send(other, "c")
	// A room deleted for good does not take back what it cost.
	if err := h.rooms.Delete(h.scope, []string{other}); err != nil {
		t.Fatal(err)
	}
	if err := h.rooms.EmptyTrash(h.scope); err != nil {
		t.Fatal(err)
	}

	r, err := h.chat.UsageReport(h.scope)
	if err != nil {
		t.Fatal(err)
	}
	if r.CurrentMonth != "2026-11" || len(r.Months) != 2 || r.Months[0].Month != "2026-11" || r.Months[1].Month != "2026-10" {
		t.Fatalf("months %+v", r)
	}
	nov := r.Months[0]
	if nov.Total.Requests != 3 || nov.Total.PromptTokens != 7300 || nov.Total.CompletionTokens != 73 || nov.Total.CostKnown {
		t.Fatalf("November total %+v: 3 requests, 7300/73 tokens, cost unknown (a local model)", nov.Total)
	}
	if len(nov.Models) != 2 || nov.Models[0].Model != "llama3.2" || nov.Models[1].Model != "gpt-4o-mini" {
		t.Fatalf("November models %+v, want the most used first", nov.Models)
	}
	mini := nov.Models[1]
	wantCost := (2300*0.15 + 23*0.60) / 1e6
	if mini.Requests != 2 || mini.PromptTokens != 2300 || !mini.CostKnown || !near(mini.EstimatedCostUSD, wantCost) {
		t.Fatalf("gpt-4o-mini in November %+v, want 2 requests, 2300 in, $%v", mini.UsageLine, wantCost)
	}
	if local := nov.Models[0]; local.CostKnown || local.EstimatedCostUSD != 0 || local.PromptTokens != 5000 {
		t.Fatalf("llama3.2 in November %+v", local.UsageLine)
	}
	oct := r.Months[1]
	if oct.Total.PromptTokens != 1000 || !oct.Total.CostKnown || !near(oct.Total.EstimatedCostUSD, (1000*0.15+10*0.60)/1e6) {
		t.Fatalf("October %+v", oct.Total)
	}
}

// Another user's spending is not in my panel.
func TestUsageReportIsPerUser(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(cafe)
	h.fake.Script(fakeopenai.Behavior{Reply: "Hi.", Usage: &fakeopenai.Usage{PromptTokens: 10, CompletionTokens: 1}})
	h.send(id, "a")
	otherScope := userdatatest.Scope(t, h.db, "user-2")
	if r, err := h.chat.UsageReport(otherScope); err != nil || len(r.Months) != 0 {
		t.Fatalf("another user's report: %+v, %v", r, err)
	}
}
