package coach

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
)

// errUnreadable is an answer the coach cannot use: not JSON, cut off, or
// missing what a verdict needs. The learner sees "feedback unavailable".
var errUnreadable = errors.New("coach: the answer cannot be read")

// turnAnswer is the per-turn answer as the model may send it; every field is
// optional here, and parseTurn decides what is usable.
type turnAnswer struct {
	Verdict   string `json:"verdict"`
	Corrected string `json:"corrected"`
	Changes   []struct {
		Original    string `json:"original"`
		Corrected   string `json:"corrected"`
		Category    string `json:"category"`
		Explanation string `json:"explanation"`
	} `json:"changes"`
	Alternative string        `json:"alternative"`
	GoalsMet    []json.Number `json:"goals_met"`
}

// jsonObject finds the JSON object in a model's answer: models asked in
// words wrap it in a code fence or a sentence despite being told not to.
func jsonObject(text string) (string, bool) {
	start := strings.IndexByte(text, '{')
	end := strings.LastIndexByte(text, '}')
	if start < 0 || end < start {
		return "", false
	}
	return text[start : end+1], true
}

// parseTurn reads the answer to one learner line. line is the learner's
// text, goals the number of goals the scene has. A verdict that disagrees
// with the rest (corrected, yet nothing changed) is settled by what was sent.
func parseTurn(text, line string, goals int) (Result, error) {
	obj, ok := jsonObject(text)
	if !ok {
		return Result{}, errUnreadable
	}
	var a turnAnswer
	if err := json.Unmarshal([]byte(obj), &a); err != nil {
		return Result{}, errUnreadable
	}
	r := Result{Verdict: strings.ToLower(strings.TrimSpace(a.Verdict)), Corrected: strings.TrimSpace(a.Corrected),
		Alternative: strings.TrimSpace(a.Alternative)}
	for _, c := range a.Changes {
		ch := Change{Original: strings.TrimSpace(c.Original), Corrected: strings.TrimSpace(c.Corrected),
			Category: category(c.Category), Explanation: strings.TrimSpace(c.Explanation)}
		if ch.Original == ch.Corrected && ch.Explanation == "" {
			continue
		}
		r.Changes = append(r.Changes, ch)
	}
	line = strings.TrimSpace(line)
	if r.Corrected == "" {
		r.Corrected = line
	}
	switch {
	case r.Corrected != line || len(r.Changes) > 0:
		r.Verdict = VerdictCorrected
	case r.Verdict == VerdictStilted && r.Alternative != "":
	case r.Verdict == VerdictNatural || r.Verdict == VerdictStilted:
		r.Verdict, r.Alternative = VerdictNatural, ""
	default:
		// No verdict, or "corrected" with nothing corrected: a partial
		// answer, not one to show as if the line were fine.
		return Result{}, errUnreadable
	}
	for _, n := range a.GoalsMet {
		g, err := n.Int64()
		if err == nil && g >= 1 && int(g) <= goals && !slices.Contains(r.GoalsMet, int(g)) {
			r.GoalsMet = append(r.GoalsMet, int(g))
		}
	}
	slices.Sort(r.GoalsMet)
	return r, nil
}

// category maps what a model calls a category onto the six Parley shows.
func category(c string) string {
	c = strings.ToLower(strings.TrimSpace(c))
	c = strings.NewReplacer(" ", "_", "-", "_", "/", "_").Replace(c)
	switch {
	case slices.Contains(Categories, c):
		return c
	case strings.Contains(c, "spell"), strings.Contains(c, "typo"):
		return CatSpelling
	case strings.Contains(c, "particle"), strings.Contains(c, "ending"):
		return CatParticle
	case strings.Contains(c, "polite"), strings.Contains(c, "register"), strings.Contains(c, "formal"), strings.Contains(c, "honorific"):
		return CatRegister
	case strings.Contains(c, "grammar"), strings.Contains(c, "tense"), strings.Contains(c, "conjugat"), strings.Contains(c, "order"):
		return CatGrammar
	case strings.Contains(c, "word"), strings.Contains(c, "vocab"):
		return CatWordChoice
	}
	return CatNaturalness
}
