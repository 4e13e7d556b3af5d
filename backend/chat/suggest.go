package chat

import (
	"context"
	"strings"

	"parley/backend/apperr"
	"parley/backend/llm"
	"parley/backend/models"
	"parley/backend/userdata"
)

// SuggestReply asks for one line the learner could say next. It is a hint:
// it is not stored in the conversation and never sent as context later. Its
// cost is added to the room's usage.
func (s *Service) SuggestReply(ctx context.Context, scope *userdata.Scope, roomID string) (string, error) {
	if s.Streaming(scope.UserID(), roomID) {
		return "", apperr.New(apperr.RoomBusy, "a reply is still being written in this room")
	}
	cfg, err := s.config.ProviderConfig(scope)
	if err != nil {
		return "", err
	}
	client, err := s.client(scope.UserID(), cfg)
	if err != nil {
		return "", err
	}
	model := client.Model()
	c, err := s.counter(model)
	if err != nil {
		return "", err
	}
	var system, ask string
	err = scope.View(func(tx *userdata.Tx) error {
		rm, ms, err := s.openRoom(tx, roomID)
		if err != nil {
			return err
		}
		version, err := s.versionOf(tx, roomID)
		if err != nil {
			return err
		}
		scene := sceneOf(rm)
		system, _ = SuggestPrompts(version, scene, nil)
		// The transcript costs about what the turns would as messages, plus
		// the request wrapped around it.
		plan, err := planContext(c, s.budget(model)-c.message(RoleUser, "The conversation so far:\n<conversation>\n</conversation>\n\nWrite the learner's next line."),
			system, "", func(visit func(Message) bool) error { return ms.newestFirst(0, visit) })
		if err != nil {
			return err
		}
		_, ask = SuggestPrompts(version, scene, turnsOf(plan.turns))
		return nil
	})
	if err != nil {
		return "", err
	}
	// No MaxTokens: go-openai refuses max_tokens for reasoning models
	// (o-series, gpt-5), and llm caps the reply's size anyway.
	reply, err := client.Complete(ctx, llm.Request{
		Messages: []llm.Message{{Role: llm.RoleSystem, Content: system}, {Role: llm.RoleUser, Content: ask}},
	})
	if err != nil {
		return "", err
	}
	if reply.Usage != nil {
		u := *reply.Usage
		cost, priced := models.Cost(model, u.PromptTokens, u.CompletionTokens)
		err := scope.Update(func(tx *userdata.Tx) error {
			_, ms, err := s.openRoom(tx, roomID)
			if err != nil {
				return err
			}
			st, err := s.loadState(tx, roomID, ms)
			if err != nil {
				return err
			}
			st.addUsage(Usage(u), cost, priced)
			if err := addToLedger(tx, s.tick(), model, Usage(u), cost, priced); err != nil {
				return err
			}
			return putState(tx, roomID, st)
		})
		if err != nil {
			return "", err
		}
	}
	return tidySuggestion(reply.Text), nil
}

// tidySuggestion strips what models add despite being asked not to: quotes
// around the line and a speaker label.
func tidySuggestion(s string) string {
	s = strings.TrimSpace(s) // llm cleaned it as it arrived
	if label, rest, ok := strings.Cut(s, ":"); ok && (label == "Learner" || label == "learner") {
		s = strings.TrimSpace(rest)
	}
	for _, q := range [][2]string{{`"`, `"`}, {"“", "”"}, {"「", "」"}, {"'", "'"}} {
		if len(s) >= len(q[0])+len(q[1]) && strings.HasPrefix(s, q[0]) && strings.HasSuffix(s, q[1]) {
			s = strings.TrimSpace(s[len(q[0]) : len(s)-len(q[1])])
		}
	}
	return s
}
