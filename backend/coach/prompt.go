package coach

import (
	"fmt"
	"strings"
)

// PromptVersion is the version of the coach prompts. The coach's answers are
// kept, not continued, so a new version applies to every room at once; the
// golden files of every version stay so a wording change is always a
// deliberate new version, never an accident.
const PromptVersion = 1

// Scene is what the coach prompts are built from.
type Scene struct {
	Language  string // the practice language: ko, en or ja
	Level     string // CEFR
	Formality string // "", polite or casual
	Situation string
	MyRole    string
	AIRole    string
	Goals     []string // can-do goals, in order; the coach reports them by number
}

// Turn is one line of the conversation as the coach sees it.
type Turn struct {
	Learner bool
	Text    string
}

// TurnInput is what one coach request per learner line is about: the line,
// what came just before it, and the goals already met (which stay met).
type TurnInput struct {
	Scene      Scene
	UILanguage string // the language explanations are written in
	Before     []Turn // the conversation before the line, oldest first
	Line       string // the learner's line, quoted
	GoalsMet   []int  // goal numbers (1-based) met earlier
}

// languageName names a language for the model with its own name.
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

// quote defuses text that would close its quote block, and keeps it on its
// own lines, so learner text is always data, never instructions.
func quote(tag, text string) string {
	text = strings.ReplaceAll(text, "</"+tag+">", "</ "+tag+">")
	return "<" + tag + ">\n" + strings.TrimSpace(text) + "\n</" + tag + ">"
}

// oneLine keeps a scene field on its line of the scene block.
func oneLine(s string) string {
	s = strings.ReplaceAll(s, "</scene>", "</ scene>")
	return strings.Join(strings.Fields(s), " ")
}

func sceneBlock(s Scene) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Language practised: %s\n", languageName(s.Language))
	fmt.Fprintf(&b, "Learner's level: CEFR %s\n", s.Level)
	fmt.Fprintf(&b, "Situation: %s\n", oneLine(s.Situation))
	fmt.Fprintf(&b, "Learner's role: %s\n", oneLine(s.MyRole))
	fmt.Fprintf(&b, "Partner's role: %s\n", oneLine(s.AIRole))
	for i, g := range s.Goals {
		fmt.Fprintf(&b, "Goal %d: %s\n", i+1, oneLine(g))
	}
	return quote("scene", b.String())
}

func transcriptOf(turns []Turn) string {
	var b strings.Builder
	for _, t := range turns {
		who := "Partner"
		if t.Learner {
			who = "Learner"
		}
		fmt.Fprintf(&b, "%s: %s\n", who, strings.Join(strings.Fields(t.Text), " "))
	}
	return b.String()
}

// expectedRegister is the register a learner's line should keep, for the
// languages that mark it in the grammar.
func expectedRegister(lang, formality string) string {
	switch lang + "/" + formality {
	case "ko/polite":
		return "The room is polite: the learner should use 존댓말 (해요체 or 합쇼체). A line in 반말 breaks the register."
	case "ko/casual":
		return "The room is casual: the learner should use 반말 (해체) with the partner. A line in 존댓말 is too stiff here and breaks the register."
	case "ja/polite":
		return "The room is polite: the learner should use です・ます forms (丁寧語). A line in plain forms (タメ口) breaks the register."
	case "ja/casual":
		return "The room is casual: the learner should use plain forms (タメ口). A line in です・ます forms is too stiff here and breaks the register."
	case "ko/":
		return "Judge the register (존댓말/반말) against what the learner's role would naturally use with the partner."
	case "ja/":
		return "Judge the register (です・ます/plain forms) against what the learner's role would naturally use with the partner."
	}
	return "Judge the register against what the situation calls for."
}
