package chat

import "time"

// Who wrote a message.
const (
	RoleUser      = "user"
	RoleAssistant = "assistant"
)

// Reply statuses. A learner's message is always StatusDone.
const (
	StatusDone      = "done"
	StatusStreaming = "streaming"
	StatusStopped   = "stopped" // the learner pressed Stop; the partial text is kept
	StatusError     = "error"   // the request failed; ErrorCode says why, partial text is kept
)

// Message is one line of a room's conversation, as stored and as the UI gets it.
type Message struct {
	ID        uint64 `json:"id"`
	Role      string `json:"role"`
	Text      string `json:"text"`
	Status    string `json:"status"`
	ErrorCode string `json:"errorCode,omitempty"`
	// Alternatives holds every version of a regenerated reply, oldest first;
	// Text is Alternatives[ActiveAlt]. Empty until the reply is regenerated.
	Alternatives []string `json:"alternatives,omitempty"`
	ActiveAlt    int      `json:"activeAlt,omitempty"`
	// AltStatuses is the status each alternative ended with, so flipping back
	// to a stopped version still shows it as stopped.
	AltStatuses []string `json:"altStatuses,omitempty"`
	// AltCutOff is CutOff for each alternative (shorter when the first ones
	// were written before Parley marked cut replies: those were not marked).
	AltCutOff []bool `json:"altCutOff,omitempty"`
	// Opening marks the AI's first line, which it said without a learner
	// message before it.
	Opening bool `json:"opening,omitempty"`
	// CutOff marks a reply that stopped at Parley's size cap for one reply
	// (llm.Config.MaxReplyBytes) rather than where the model ended it.
	CutOff    bool      `json:"cutOff,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	Usage     *Usage    `json:"usage,omitempty"`
}

// Usage is the tokens a reply (or a room, summed) cost.
type Usage struct {
	PromptTokens     int `json:"promptTokens"`
	CompletionTokens int `json:"completionTokens"`
}

// MessagePage is one page of a room's history, oldest first. HasMore says
// older messages remain; HasNewer, only set for a page around a message,
// that newer ones do.
type MessagePage struct {
	Messages []Message `json:"messages"`
	HasMore  bool      `json:"hasMore"`
	HasNewer bool      `json:"hasNewer,omitempty"`
}

// SendResult names the learner's message (0 when there is none, as for the
// opening line) and the reply that is now streaming.
type SendResult struct {
	MessageID uint64 `json:"messageId"`
	ReplyID   uint64 `json:"replyId"`
}

// RoomUsage is everything a room's requests have cost, including replaced
// replies and suggestions, since those were paid for too.
type RoomUsage struct {
	PromptTokens     int `json:"promptTokens"`
	CompletionTokens int `json:"completionTokens"`
	// EstimatedCostUSD adds up the requests whose model has a known price.
	EstimatedCostUSD float64 `json:"estimatedCostUsd"`
	// CostKnown is false once any counted request used a model without a
	// known price (local servers, other providers): the UI then shows the
	// cost as unknown, never as the priced part alone or $0.
	CostKnown bool `json:"costKnown"`
}

// inContext reports whether m is part of the conversation the model sees.
// Failed or still-streaming replies are left out: the learner will retry
// them, and a half-written line would mislead the model.
func (m Message) inContext() bool {
	if m.Text == "" {
		return false
	}
	return m.Role == RoleUser || m.Status == StatusDone || m.Status == StatusStopped
}
