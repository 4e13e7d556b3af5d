package llm

import (
	"regexp"
	"strings"
)

// Usage is the token count of one or more replies.
type Usage struct {
	PromptTokens     int `json:"promptTokens"`
	CompletionTokens int `json:"completionTokens"`
}

// Add returns the sum of two counts, for a room's running total.
func (u Usage) Add(o Usage) Usage {
	return Usage{PromptTokens: u.PromptTokens + o.PromptTokens, CompletionTokens: u.CompletionTokens + o.CompletionTokens}
}

// Price is a model's list price in US dollars per million tokens.
type Price struct {
	InputPerMillion  float64
	OutputPerMillion float64
}

// prices are OpenAI's standard-tier list prices. Only these models get a cost
// estimate: for anything else (local models, other providers) a number would
// be a guess.
var prices = map[string]Price{
	"gpt-4o-mini":   {0.15, 0.60},
	"gpt-4o":        {2.50, 10.00},
	"gpt-4.1":       {2.00, 8.00},
	"gpt-4.1-mini":  {0.40, 1.60},
	"gpt-4.1-nano":  {0.10, 0.40},
	"gpt-3.5-turbo": {0.50, 1.50},
	"gpt-5":         {1.25, 10.00},
	"gpt-5-mini":    {0.25, 2.00},
	"gpt-5-nano":    {0.05, 0.40},
}

// snapshot matches a dated snapshot suffix: -2024-07-18 or -0125.
var snapshot = regexp.MustCompile(`-(\d{4}-\d{2}-\d{2}|\d{4})$`)

// PriceOf returns the price of a known OpenAI model or one of its dated
// snapshots (gpt-4o-mini-2024-07-18 costs what gpt-4o-mini does).
func PriceOf(model string) (Price, bool) {
	m := strings.ToLower(strings.TrimSpace(model))
	if p, ok := prices[m]; ok {
		return p, true
	}
	p, ok := prices[snapshot.ReplaceAllString(m, "")]
	return p, ok
}

// EstimateCost returns the estimated cost in US dollars of u on model, and
// false for models without a known price.
func EstimateCost(model string, u Usage) (usd float64, ok bool) {
	p, ok := PriceOf(model)
	if !ok {
		return 0, false
	}
	return (float64(u.PromptTokens)*p.InputPerMillion + float64(u.CompletionTokens)*p.OutputPerMillion) / 1e6, true
}
