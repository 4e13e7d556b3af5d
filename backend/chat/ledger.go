package chat

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"parley/backend/userdata"
)

// The usage ledger answers "what did I spend this month, and on which
// model?" without reading any conversation. Every request that reports usage
// (replies, replaced replies, suggestions) adds to one entry per calendar
// month (UTC) and model, in the transaction that records it on the room:
//
//	usage  "<YYYY-MM>\x00<model>"  one ledgerEntry
//
// Entries outlive the rooms they were spent in: deleting a room does not
// refund what it cost. Usage from before the ledger existed is only in the
// rooms' own totals (RoomUsage).
const bucketLedger = "usage"

type ledgerEntry struct {
	Requests         int     `json:"requests"`
	PromptTokens     int     `json:"promptTokens"`
	CompletionTokens int     `json:"completionTokens"`
	CostUSD          float64 `json:"costUsd"`
	Unpriced         bool    `json:"unpriced,omitempty"`
}

func ledgerKey(at time.Time, model string) []byte {
	return []byte(at.UTC().Format("2006-01") + "\x00" + model)
}

// addToLedger counts one request. A damaged entry restarts from zero rather
// than stop the reply it belongs to from being saved.
func addToLedger(tx *userdata.Tx, at time.Time, model string, u Usage, costUSD float64, priced bool) error {
	b, err := tx.CreateBucket(bucketLedger)
	if err != nil {
		return err
	}
	key := ledgerKey(at, model)
	var e ledgerEntry
	if _, err := b.Get(key, &e); err != nil {
		if !isDamage(err) {
			return err
		}
		e = ledgerEntry{}
	}
	e.Requests++
	e.PromptTokens += u.PromptTokens
	e.CompletionTokens += u.CompletionTokens
	e.CostUSD += costUSD
	e.Unpriced = e.Unpriced || !priced
	return b.Put(key, e)
}

// UsageLine is what some requests cost: tokens sent and written, and the
// estimated price when every model among them has a known one.
type UsageLine struct {
	Requests         int     `json:"requests"`
	PromptTokens     int     `json:"promptTokens"`
	CompletionTokens int     `json:"completionTokens"`
	EstimatedCostUSD float64 `json:"estimatedCostUsd"`
	// CostKnown is false when any request used a model without a known
	// price; the UI then says "unknown", never the priced part alone.
	CostKnown bool `json:"costKnown"`
}

func (l *UsageLine) add(e ledgerEntry) {
	if l.Requests == 0 {
		l.CostKnown = true
	}
	l.Requests += e.Requests
	l.PromptTokens += e.PromptTokens
	l.CompletionTokens += e.CompletionTokens
	l.EstimatedCostUSD += e.CostUSD
	l.CostKnown = l.CostKnown && !e.Unpriced
}

// ModelUsage is one model's share of a month.
type ModelUsage struct {
	Model string `json:"model"`
	UsageLine
}

// MonthUsage is one calendar month (UTC), "2026-11", with its models, the
// most used (by tokens) first.
type MonthUsage struct {
	Month  string       `json:"month"`
	Total  UsageLine    `json:"total"`
	Models []ModelUsage `json:"models"`
}

// UsageReport is the usage panel: every month with usage, newest first, and
// which month is the current one (it may have none yet).
type UsageReport struct {
	CurrentMonth string       `json:"currentMonth"`
	Months       []MonthUsage `json:"months"`
}

// UsageReport sums the ledger per month and model. Damaged entries are
// skipped: the panel shows what can be read rather than nothing.
func (s *Service) UsageReport(scope *userdata.Scope) (UsageReport, error) {
	out := UsageReport{CurrentMonth: s.tick().Format("2006-01"), Months: []MonthUsage{}}
	byMonth := map[string]*MonthUsage{}
	err := scope.View(func(tx *userdata.Tx) error {
		b, err := tx.Bucket(bucketLedger)
		if err != nil || b == nil {
			return err
		}
		return b.ForEach(func(k []byte) error {
			month, model, ok := strings.Cut(string(k), "\x00")
			if !ok {
				return nil
			}
			var e ledgerEntry
			if _, err := b.Get(k, &e); err != nil {
				if isDamage(err) {
					return nil
				}
				return err
			}
			m := byMonth[month]
			if m == nil {
				m = &MonthUsage{Month: month, Models: []ModelUsage{}}
				byMonth[month] = m
			}
			m.Total.add(e)
			mu := ModelUsage{Model: model}
			mu.add(e)
			m.Models = append(m.Models, mu)
			return nil
		})
	})
	if err != nil {
		return UsageReport{}, err
	}
	for _, m := range byMonth {
		slices.SortFunc(m.Models, func(a, b ModelUsage) int {
			return cmp.Or(cmp.Compare(b.PromptTokens+b.CompletionTokens, a.PromptTokens+a.CompletionTokens), strings.Compare(a.Model, b.Model))
		})
		out.Months = append(out.Months, *m)
	}
	slices.SortFunc(out.Months, func(a, b MonthUsage) int { return strings.Compare(b.Month, a.Month) })
	return out, nil
}
