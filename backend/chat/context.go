package chat

// wireMessage is one chat message as it is sent to the model.
type wireMessage struct {
	Role    string
	Content string
}

// history calls visit with a room's messages newest first until visit
// returns true (stop). Reading stops as soon as the budget is full, so the
// cost of building a context depends on what is sent, not on the room's size.
type history func(visit func(Message) (stop bool)) error

// contextPlan is the part of a room's conversation that fits the budget.
type contextPlan struct {
	turns    []Message // oldest first
	estimate int       // estimated prompt tokens of the whole request
	trimmed  bool      // older turns were left out
}

// planContext pins the system prompt and fills the rest of budget with the
// newest turns from next. A message is never split; the newest turn is always
// kept, even alone over budget, because it is what the learner just said (its
// length is capped on input). When the room's opening line is included, the
// hidden stage direction that asked for it (opening) is counted with it.
func planContext(c counter, budget int, system, opening string, next history) (contextPlan, error) {
	used := c.message("system", system) + tokensReplyPrime
	var newestFirst []Message
	trimmed := false
	err := next(func(m Message) bool {
		if !m.inContext() {
			return false
		}
		cost := c.message(m.Role, m.Text)
		if m.Opening {
			cost += c.message(RoleUser, opening)
		}
		if used+cost > budget && len(newestFirst) > 0 {
			trimmed = true
			return true
		}
		used += cost
		newestFirst = append(newestFirst, m)
		return false
	})
	if err != nil {
		return contextPlan{}, err
	}
	turns := make([]Message, len(newestFirst))
	for i, m := range newestFirst {
		turns[len(turns)-1-i] = m
	}
	return contextPlan{turns: turns, estimate: used, trimmed: trimmed}, nil
}

// rolePlayMessages is what a reply request sends: the pinned system prompt,
// the stage direction before the opening line when that line is included (or
// alone, to ask for the opening), then the turns in order.
func rolePlayMessages(system, opening string, p contextPlan, askOpening bool) []wireMessage {
	out := make([]wireMessage, 0, len(p.turns)+2)
	out = append(out, wireMessage{Role: "system", Content: system})
	if askOpening {
		out = append(out, wireMessage{Role: RoleUser, Content: opening})
	}
	for _, m := range p.turns {
		if m.Opening {
			out = append(out, wireMessage{Role: RoleUser, Content: opening})
		}
		out = append(out, wireMessage{Role: m.Role, Content: m.Text})
	}
	return out
}

// turnsOf converts planned messages into prompt turns.
func turnsOf(msgs []Message) []Turn {
	out := make([]Turn, len(msgs))
	for i, m := range msgs {
		out[i] = Turn{Role: m.Role, Text: m.Text}
	}
	return out
}
