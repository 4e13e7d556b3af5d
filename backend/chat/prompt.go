package chat

import (
	"fmt"
	"strings"
)

// PromptVersion is the version of the role-play prompts that new rooms start
// with. Bump it (and add a builder to promptVersions) whenever the wording of a
// prompt changes: a room keeps the version it started with, so a conversation
// that is under way is not suddenly continued under different rules.
const PromptVersion = 1

// Scene is what the prompts are built from: the role-play part of a room.
// It is its own type so the prompts (and their golden tests) do not depend on
// how rooms are stored.
type Scene struct {
	Language  string // "ko", "en" or "ja"
	Level     string // CEFR "A1".."C2"
	Situation string
	MyRole    string // the learner's character
	AIRole    string // the model's character
	Goal      string // optional
	Formality string // "", "polite" or "casual"; meaningful for ko and ja
}

// Turn is one line of the conversation as the prompts see it.
type Turn struct {
	Role string // RoleUser or RoleAssistant
	Text string
}

// promptSet builds every prompt of one prompt version.
type promptSet struct {
	// system is the pinned system prompt of the role-play.
	system func(Scene) string
	// opening is the hidden stage direction, sent as a user turn, that asks
	// the model to speak first. It is never shown as a learner's message.
	opening func(Scene) string
	// suggestSystem and suggestAsk ask for one line the learner could say
	// next. The conversation goes in as a quoted transcript, so the model
	// writes for the learner's character instead of continuing its own.
	suggestSystem func(Scene) string
	suggestAsk    func(s Scene, transcript string) string
}

// promptVersions keeps every version ever shipped, so rooms that started
// under an older one are still continued with the prompts they began with.
var promptVersions = map[int]promptSet{
	1: promptsV1,
}

// promptsFor returns the builders of version v. Rooms from before versions
// were recorded (0) use version 1; a version this build does not know (a
// database written by a newer Parley) uses the current one.
func promptsFor(v int) promptSet {
	if v == 0 {
		v = 1
	}
	if p, ok := promptVersions[v]; ok {
		return p
	}
	return promptVersions[PromptVersion]
}

// SystemPrompt returns the pinned role-play prompt of scene under version v.
func SystemPrompt(v int, s Scene) string { return promptsFor(v).system(s) }

// OpeningPrompt returns the hidden stage direction that asks the model to open
// the scene under version v.
func OpeningPrompt(v int, s Scene) string { return promptsFor(v).opening(s) }

// SuggestPrompts returns the system prompt and the request that ask for one
// example reply the learner could give after turns (oldest first).
func SuggestPrompts(v int, s Scene, turns []Turn) (system, ask string) {
	p := promptsFor(v)
	return p.suggestSystem(s), p.suggestAsk(s, transcript(turns))
}

// languageName names a room language for the model, with its own name so the
// script is unambiguous.
func languageName(code string) string {
	switch code {
	case "ko":
		return "Korean (한국어)"
	case "ja":
		return "Japanese (日本語)"
	case "en":
		return "English"
	}
	return code
}

// transcript renders turns as quoted lines for the suggest prompt. Text that
// would close the quote block is defused, so a line cannot break out of it.
func transcript(turns []Turn) string {
	var b strings.Builder
	for _, t := range turns {
		who := "Learner"
		if t.Role == RoleAssistant {
			who = "Partner"
		}
		text := strings.ReplaceAll(t.Text, "</conversation>", "</ conversation>")
		text = strings.ReplaceAll(strings.TrimSpace(text), "\n", "\n  ")
		fmt.Fprintf(&b, "%s: %s\n", who, text)
	}
	return b.String()
}
