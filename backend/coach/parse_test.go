package coach

import (
	"errors"
	"reflect"
	"testing"
)

func TestParsingTheCoachsAnswer(t *testing.T) {
	const line = "I want a latte hot medium"
	good := `{"verdict":"corrected","corrected":"I'd like a medium hot latte, please.","changes":[` +
		`{"original":"I want","corrected":"I'd like","category":"politeness/register","explanation":"Softer when ordering."},` +
		`{"original":"a latte hot medium","corrected":"a medium hot latte","category":"word order","explanation":"Size comes first."}],` +
		`"alternative":"Could I get a medium hot latte?","goals_met":[1, 1, 7, 0]}`
	cases := []struct {
		name, text string
		goals      int
		want       Result
		err        bool
	}{
		{name: "good", text: good, goals: 2, want: Result{Verdict: VerdictCorrected, Corrected: "I'd like a medium hot latte, please.",
			Changes: []Change{
				{Original: "I want", Corrected: "I'd like", Category: CatRegister, Explanation: "Softer when ordering."},
				{Original: "a latte hot medium", Corrected: "a medium hot latte", Category: CatGrammar, Explanation: "Size comes first."},
			}, Alternative: "Could I get a medium hot latte?", GoalsMet: []int{1}}},
		{name: "schema-less, in a fence with prose", text: "Sure! Here it is:\n```json\n" + good + "\n```\nHope it helps.", goals: 2,
			want: Result{Verdict: VerdictCorrected, Corrected: "I'd like a medium hot latte, please.", Changes: []Change{
				{Original: "I want", Corrected: "I'd like", Category: CatRegister, Explanation: "Softer when ordering."},
				{Original: "a latte hot medium", Corrected: "a medium hot latte", Category: CatGrammar, Explanation: "Size comes first."},
			}, Alternative: "Could I get a medium hot latte?", GoalsMet: []int{1}}},
		{name: "natural", text: `{"verdict":"natural","corrected":"","changes":[],"alternative":"","goals_met":[]}`,
			want: Result{Verdict: VerdictNatural, Corrected: line}},
		{name: "stilted", text: `{"verdict":"stilted","corrected":"` + line + `","changes":[],"alternative":"A medium hot latte, please.","goals_met":[]}`,
			want: Result{Verdict: VerdictStilted, Corrected: line, Alternative: "A medium hot latte, please."}},
		{name: "changed text without a verdict is corrected", text: `{"corrected":"I want a hot latte."}`,
			want: Result{Verdict: VerdictCorrected, Corrected: "I want a hot latte."}},
		{name: "malformed", text: `{"verdict": corrected}`, err: true},
		{name: "truncated", text: `{"verdict":"corrected","corrected":"I'd like","changes":[{"original":"I want","corrected":"I'd like"}`, err: true},
		{name: "partial: corrected with nothing corrected", text: `{"verdict":"corrected"}`, err: true},
		{name: "empty object", text: `{}`, err: true},
		{name: "prose only", text: "Your sentence is great!", err: true},
		{name: "unknown verdict", text: `{"verdict":"maybe","corrected":"` + line + `"}`, err: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := parseTurn(c.text, line, c.goals)
			if c.err {
				if !errors.Is(err, errUnreadable) {
					t.Fatalf("got %+v, %v; want unreadable", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestCategoriesAreMappedOntoTheSixShown(t *testing.T) {
	for in, want := range map[string]string{
		"grammar": CatGrammar, "Word choice": CatWordChoice, "spelling": CatSpelling, "typo": CatSpelling,
		"particle/ending": CatParticle, "politeness/register": CatRegister, "honorifics": CatRegister,
		"naturalness": CatNaturalness, "style": CatNaturalness, "verb tense": CatGrammar,
	} {
		if got := category(in); got != want {
			t.Errorf("category(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParsingAHintLadder(t *testing.T) {
	h, err := parseHints("```json\n" + `{"aim":"Ask about sizes.","phrases":[{"text":"size","meaning":"크기"},{"text":" ","meaning":""},` +
		`{"text":"medium","meaning":"중간"},{"text":"large","meaning":"큰"},{"text":"small","meaning":"작은"}],` +
		`"starter":"What sizes…","line":"Learner: \"What sizes do you have?\"","translation":"어떤 사이즈가 있어요?"}` + "\n```")
	if err != nil {
		t.Fatal(err)
	}
	want := HintLadder{Aim: "Ask about sizes.", Phrases: []Phrase{{Text: "size", Meaning: "크기"}, {Text: "medium", Meaning: "중간"}, {Text: "large", Meaning: "큰"}},
		Starter: "What sizes…", Line: "What sizes do you have?", Translation: "어떤 사이즈가 있어요?"}
	if !reflect.DeepEqual(h, want) {
		t.Fatalf("got %+v\nwant %+v", h, want)
	}
	for _, bad := range []string{`{"aim":"x","line":""}`, `{"aim":"x","line":"Hi`, "no JSON here"} {
		if _, err := parseHints(bad); !errors.Is(err, errUnreadable) {
			t.Errorf("%q: got %v, want unreadable", bad, err)
		}
	}
}
