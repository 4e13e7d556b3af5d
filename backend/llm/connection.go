package llm

import (
	"context"
	"time"

	"parley/backend/apperr"
)

// ConnectionReport is the outcome of TestConnection, shown in the settings.
type ConnectionReport struct {
	OK        bool     `json:"ok"`
	Code      string   `json:"code"`    // apperr code of the failure; "" when OK
	Message   string   `json:"message"` // English fallback; the UI translates Code
	Models    []string `json:"models"`  // what /models listed, if the server has it
	LatencyMs int      `json:"latencyMs"`
}

// TestConnection checks the settings the way a chat will use them: it lists
// the models (servers without /models are fine) and then asks the configured
// model for a one-token reply, since only a real completion shows a wrong
// model name or a used-up quota. It never returns an error: the report says
// which failure happened.
func (c *Client) TestConnection(ctx context.Context) ConnectionReport {
	// A learner waiting on the settings page should not wait the full
	// RequestTimeout: a server that cannot answer in the first-token time fails.
	c = c.withRequestTimeout(min(c.cfg.RequestTimeout, c.cfg.FirstTokenTimeout))
	start := time.Now()
	report := ConnectionReport{Models: []string{}}
	done := func(err error) ConnectionReport {
		report.LatencyMs = int(time.Since(start).Milliseconds())
		if err != nil {
			e := apperr.As(err)
			report.Code, report.Message = e.Code, e.Message
			return report
		}
		report.OK = true
		return report
	}
	models, err := c.ListModels(ctx)
	if err == nil {
		report.Models = models
	} else {
		switch apperr.CodeOf(err) {
		case apperr.LLMEndpointNotFound, apperr.LLMBadRequest, apperr.LLMMalformed:
			// The server lacks a usable /models; the completion below decides.
		default:
			return done(err)
		}
	}
	_, err = c.Complete(ctx, Request{
		Messages:  []Message{{Role: RoleUser, Content: "Reply with the single word OK."}},
		MaxTokens: 1,
	})
	return done(err)
}

// withRequestTimeout returns a copy of c, sharing its connections, whose
// non-streamed calls are bounded by d.
func (c *Client) withRequestTimeout(d time.Duration) *Client {
	cp := *c
	cp.cfg.RequestTimeout = d
	return &cp
}
