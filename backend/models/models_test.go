package models

import (
	"flag"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/models.golden from the table")

// Every window, encoding and price is written out in testdata/models.golden:
// changing one is a reviewed change to that file, never a silent one.
func TestTheTableMatchesItsGoldenCopy(t *testing.T) {
	var b strings.Builder
	fmt.Fprintln(&b, "# name | context window | reply reserve | encoding | USD per 1M input / output | source, as of [| aliases]")
	for _, e := range table {
		price := "no price"
		if p := e.Price; p != nil {
			price = fmt.Sprintf("%.2f / %.2f | %s, %s", p.InputPerMillion, p.OutputPerMillion, p.Source, p.AsOf)
		}
		fmt.Fprintf(&b, "%s | %d | %d | %s | %s", e.Name, e.ContextWindow, e.ReplyReserve, e.Encoding, price)
		if len(e.aliases) > 0 {
			fmt.Fprintf(&b, " | %s", strings.Join(e.aliases, ", "))
		}
		fmt.Fprintln(&b)
	}
	fmt.Fprintf(&b, "(unknown) | %d | %d | %s | no price\n", Unknown.ContextWindow, Unknown.ReplyReserve, Unknown.Encoding)
	const golden = "testdata/models.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("the model table changed; if on purpose, run go test ./backend/models -update and review the diff.\ngot:\n%s\nwant:\n%s", got, want)
	}
}

func TestEveryPriceSaysWhereAndWhenItWasRead(t *testing.T) {
	for _, e := range table {
		if e.ContextWindow <= e.ReplyReserve || (e.Encoding != O200kBase && e.Encoding != CL100kBase) {
			t.Errorf("%s: window %d, reserve %d, encoding %q", e.Name, e.ContextWindow, e.ReplyReserve, e.Encoding)
		}
		if p := e.Price; p != nil {
			if p.Source == "" || len(p.AsOf) != len("2025-08") || p.InputPerMillion <= 0 || p.OutputPerMillion <= 0 {
				t.Errorf("%s: price %+v", e.Name, *p)
			}
		}
	}
}

func TestSnapshotsAndSpellingsResolveToTheirModel(t *testing.T) {
	cases := map[string]string{
		"gpt-4o-mini":            "gpt-4o-mini",
		"gpt-4o-mini-2024-07-18": "gpt-4o-mini",
		" GPT-4.1-nano ":         "gpt-4.1-nano",
		"gpt-3.5-turbo-0125":     "gpt-3.5-turbo",
		"gpt-4-0613":             "gpt-4",
		"gpt-4-turbo-2024-04-09": "gpt-4-turbo",
		"gpt-4-1106-preview":     "gpt-4-turbo",
		"gpt-5-2025-08-07":       "gpt-5",
		"o3-mini-2025-01-31":     "o3-mini",
	}
	for id, want := range cases {
		m, ok := Lookup(id)
		if !ok || m.Name != want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", id, m.Name, ok, want)
		}
	}
}

func TestAnUnknownModelIsUnknownNotFree(t *testing.T) {
	for _, id := range []string{"", "llama3.2", "qwen2.5:7b", "gpt-4o-mini-tts", "gpt-4o-audio-preview",
		"openai/gpt-4o-mini", "gpt-4o-mini-24-07-18", "my-gpt-4o", "gpt-4o-mini:latest"} {
		m, ok := Lookup(id)
		if ok || m != Unknown {
			t.Errorf("Lookup(%q) = %+v, %v; want Unknown", id, m, ok)
		}
		if usd, ok := Cost(id, 1000, 1000); ok || usd != 0 {
			t.Errorf("Cost(%q) = %v, %v; want unknown", id, usd, ok)
		}
	}
	// A known model without a list price has a window but no cost.
	if m, ok := Lookup("o1"); !ok || m.ContextWindow != 200_000 {
		t.Errorf("o1: %+v, %v", m, ok)
	}
	if _, ok := Cost("o1-2024-12-17", 1000, 1000); ok {
		t.Error("o1 has no price in the table but got a cost")
	}
	if Unknown.ContextWindow != 4096 || Unknown.ReplyReserve != 1024 || Unknown.Encoding != "cl100k_base" {
		t.Errorf("the unknown-model figures changed: %+v", Unknown)
	}
}

func TestCostIsTokensTimesTheListPrice(t *testing.T) {
	cases := []struct {
		model              string
		prompt, completion int
		want               float64
	}{
		{"gpt-4o-mini", 1_000_000, 500_000, 0.15 + 0.30},
		{"gpt-4o-mini-2024-07-18", 1_000_000, 500_000, 0.15 + 0.30},
		{"gpt-4o", 1_000_000, 500_000, 2.50 + 5.00},
		{"GPT-4.1-nano", 1_000_000, 500_000, 0.10 + 0.20},
		{"gpt-3.5-turbo-0125", 1_000_000, 500_000, 0.50 + 0.75},
		{"gpt-5-mini", 2_000, 300, (2_000*0.25 + 300*2.00) / 1e6},
		{"gpt-4.1", 0, 0, 0}, // nothing used: a known $0
	}
	for _, c := range cases {
		got, ok := Cost(c.model, c.prompt, c.completion)
		if !ok || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Cost(%s, %d, %d) = %v, %v; want %v", c.model, c.prompt, c.completion, got, ok, c.want)
		}
	}
}

func TestLookupHandsOutACopy(t *testing.T) {
	m, _ := Lookup("gpt-4o-mini")
	m.Price.InputPerMillion = 0
	if usd, _ := Cost("gpt-4o-mini", 1_000_000, 0); usd != 0.15 {
		t.Fatalf("changing a looked-up price changed the table: %v", usd)
	}
}

func TestSpeechIsPricedPerCharacterOnlyWhereThePriceIsKnown(t *testing.T) {
	if usd, ok := SpeechCost("TTS-1", 1_000_000); !ok || usd != 15 {
		t.Errorf("tts-1 = %v, %v", usd, ok)
	}
	if usd, ok := SpeechCost("tts-1-hd", 2_000); !ok || usd != 0.06 {
		t.Errorf("tts-1-hd = %v, %v", usd, ok)
	}
	if _, ok := SpeechCost("kokoro", 10); ok {
		t.Error("a local speech model has no known price")
	}
}
