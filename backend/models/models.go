// Package models is what Parley knows about the models it may talk to, in one
// table: each known model's context window, the tokenizer Parley counts its
// prompts with, and its list price with where and when that price was read.
//
// A model not in the table (a local server's Llama or Qwen, another
// provider's model, a new OpenAI model) is unknown, and stays visibly so:
// its prompt budget comes from conservative figures (Unknown), and its cost
// is reported as unknown, never as $0.
package models

import (
	"regexp"
	"strings"
)

// Tokenizer encodings (tiktoken's names).
const (
	O200kBase  = "o200k_base"  // gpt-4o, gpt-4.1, gpt-4.5, gpt-5, o-series
	CL100kBase = "cl100k_base" // gpt-4, gpt-3.5-turbo; the stand-in for unknown models
)

// Price is a model's list price in US dollars per million tokens, and where
// and when it was read: prices change, and a stale one should be easy to spot.
type Price struct {
	InputPerMillion  float64
	OutputPerMillion float64
	Source           string // where the price was published
	AsOf             string // year and month it was read there, "2025-08"
}

// Model is what Parley knows about one model.
type Model struct {
	Name          string // canonical id, e.g. "gpt-4o-mini"; "" for Unknown
	ContextWindow int    // tokens the prompt and the reply share
	ReplyReserve  int    // tokens of the window kept free for the reply
	Encoding      string // tokenizer Parley counts prompts with
	Price         *Price // nil when Parley knows no list price for it
}

// Unknown is what Lookup gives for a model not in the table, mostly local
// models. Its 4,096-token window is what local servers (Ollama, LM Studio)
// commonly run a model with unless the user raises it: a prompt beyond the
// server's window is cut by the server, from the start where the scene is
// set, while a budget too small only drops older turns, which Parley does on
// purpose. Calibration against the server's
// reported usage corrects the cl100k estimate for other tokenizers.
var Unknown = Model{ContextWindow: 4_096, ReplyReserve: 1_024, Encoding: CL100kBase}

// Replies are one to three sentences, so the reserve is small, except for
// reasoning models, which spend output tokens thinking before they answer.
const (
	replyReserve     = 1_024
	reasoningReserve = 4_096
)

// openAIList is where every price in the table was read.
const openAIList = "OpenAI API pricing page, standard tier"

func openAI(in, out float64) *Price {
	return &Price{InputPerMillion: in, OutputPerMillion: out, Source: openAIList, AsOf: "2025-08"}
}

// table lists the known models. aliases are other ids that name the same
// model and are not dated snapshots of it (Lookup resolves those itself).
var table = []struct {
	Model
	aliases []string
}{
	{Model: Model{"gpt-3.5-turbo", 16_385, replyReserve, CL100kBase, openAI(0.50, 1.50)}},
	{Model: Model{"gpt-4", 8_192, replyReserve, CL100kBase, nil}},
	{Model: Model{"gpt-4-32k", 32_768, replyReserve, CL100kBase, nil}},
	{Model: Model{"gpt-4-turbo", 128_000, replyReserve, CL100kBase, nil},
		aliases: []string{"gpt-4-turbo-preview", "gpt-4-1106-preview", "gpt-4-0125-preview"}},
	{Model: Model{"gpt-4o", 128_000, replyReserve, O200kBase, openAI(2.50, 10.00)}},
	{Model: Model{"gpt-4o-mini", 128_000, replyReserve, O200kBase, openAI(0.15, 0.60)}},
	{Model: Model{"chatgpt-4o-latest", 128_000, replyReserve, O200kBase, nil}},
	{Model: Model{"gpt-4.1", 1_047_576, replyReserve, O200kBase, openAI(2.00, 8.00)}},
	{Model: Model{"gpt-4.1-mini", 1_047_576, replyReserve, O200kBase, openAI(0.40, 1.60)}},
	{Model: Model{"gpt-4.1-nano", 1_047_576, replyReserve, O200kBase, openAI(0.10, 0.40)}},
	{Model: Model{"gpt-4.5-preview", 128_000, replyReserve, O200kBase, nil}},
	{Model: Model{"gpt-5", 400_000, reasoningReserve, O200kBase, openAI(1.25, 10.00)}},
	{Model: Model{"gpt-5-mini", 400_000, reasoningReserve, O200kBase, openAI(0.25, 2.00)}},
	{Model: Model{"gpt-5-nano", 400_000, reasoningReserve, O200kBase, openAI(0.05, 0.40)}},
	{Model: Model{"o1", 200_000, reasoningReserve, O200kBase, nil}},
	{Model: Model{"o1-mini", 128_000, reasoningReserve, O200kBase, nil}},
	{Model: Model{"o1-preview", 128_000, reasoningReserve, O200kBase, nil}},
	{Model: Model{"o3", 200_000, reasoningReserve, O200kBase, nil}},
	{Model: Model{"o3-mini", 200_000, reasoningReserve, O200kBase, nil}},
	{Model: Model{"o4-mini", 200_000, reasoningReserve, O200kBase, nil}},
}

var byID = func() map[string]int {
	m := map[string]int{}
	for i, e := range table {
		m[e.Name] = i
		for _, a := range e.aliases {
			m[a] = i
		}
	}
	return m
}()

// snapshot matches a dated snapshot suffix: -2024-07-18 or -0125.
var snapshot = regexp.MustCompile(`-(\d{4}-\d{2}-\d{2}|\d{4})$`)

// Lookup returns what Parley knows about model, matched without regard to
// case or surrounding space; a dated snapshot (gpt-4o-mini-2024-07-18) is
// the model it snapshots. For any other id it returns Unknown and false.
func Lookup(model string) (Model, bool) {
	id := strings.ToLower(strings.TrimSpace(model))
	i, ok := byID[id]
	if !ok {
		i, ok = byID[snapshot.ReplaceAllString(id, "")]
	}
	if !ok {
		return Unknown, false
	}
	m := table[i].Model
	if m.Price != nil {
		p := *m.Price // the table is shared: hand out a copy
		m.Price = &p
	}
	return m, true
}

// Cost returns what promptTokens and completionTokens cost on model in US
// dollars at its list price, and false when Parley knows no price for the
// model: the cost is then unknown, not zero.
func Cost(model string, promptTokens, completionTokens int) (usd float64, ok bool) {
	m, _ := Lookup(model)
	if m.Price == nil {
		return 0, false
	}
	return (float64(promptTokens)*m.Price.InputPerMillion + float64(completionTokens)*m.Price.OutputPerMillion) / 1e6, true
}

// speechPerMillionChars is the list price of OpenAI's character-priced speech
// models, in US dollars per million input characters (read with the table's
// prices). gpt-4o-mini-tts is priced by tokens and minutes, so its cost per
// character is not known and it is left out.
var speechPerMillionChars = map[string]float64{
	"tts-1":    15.00,
	"tts-1-hd": 30.00,
}

// SpeechCost returns what speaking chars characters costs on a speech model,
// and false when Parley knows no per-character price for it.
func SpeechCost(model string, chars int) (usd float64, ok bool) {
	p, ok := speechPerMillionChars[strings.ToLower(strings.TrimSpace(model))]
	if !ok {
		return 0, false
	}
	return float64(chars) * p / 1e6, true
}
