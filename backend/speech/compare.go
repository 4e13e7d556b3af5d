package speech

import (
	"strings"
	"unicode"

	"parley/backend/userdata"
)

// Shadowing compares what the learner said with the line they repeated,
// word by word, from the transcript: missed, extra and changed words. It
// judges words the recogniser heard, not sounds; it does not score
// pronunciation and the UI does not claim to.

// Kinds of compared words.
const (
	WordSame    = "same"
	WordMissed  = "missed"  // in the line, not said
	WordExtra   = "extra"   // said, not in the line
	WordChanged = "changed" // said differently
)

// WordDiff is one step of the comparison. Expected is the line's word (""
// for extra), Said the learner's ("" for missed).
type WordDiff struct {
	Kind     string `json:"kind"`
	Expected string `json:"expected"`
	Said     string `json:"said"`
}

// Comparison is the whole line compared.
type Comparison struct {
	Words   []WordDiff `json:"words"`
	Same    int        `json:"same"`  // words said as written
	Total   int        `json:"total"` // words in the line
	Line    string     `json:"line"`
	Heard   string     `json:"heard"`
	Perfect bool       `json:"perfect"`
}

// Compare lines up said against line. Words match ignoring case and
// punctuation. Japanese and Chinese, written without spaces, are compared
// character by character, since a transcript's word breaks are not the
// line's.
func Compare(line, said string) Comparison {
	a, b := words(line), words(said)
	// Longest common subsequence over the normalised words.
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i].key == b[j].key {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	c := Comparison{Total: n, Line: line, Heard: said}
	var missed, extra []string
	flush := func() {
		// A run of missed words beside a run of extra ones is the learner
		// saying those words differently: pair them up as changed.
		k := min(len(missed), len(extra))
		for i := 0; i < k; i++ {
			c.Words = append(c.Words, WordDiff{Kind: WordChanged, Expected: missed[i], Said: extra[i]})
		}
		for _, w := range missed[k:] {
			c.Words = append(c.Words, WordDiff{Kind: WordMissed, Expected: w})
		}
		for _, w := range extra[k:] {
			c.Words = append(c.Words, WordDiff{Kind: WordExtra, Said: w})
		}
		missed, extra = missed[:0], extra[:0]
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i].key == b[j].key:
			flush()
			c.Words = append(c.Words, WordDiff{Kind: WordSame, Expected: a[i].text, Said: b[j].text})
			c.Same++
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			extra = append(extra, b[j].text)
			j++
		default:
			missed = append(missed, a[i].text)
			i++
		}
	}
	flush()
	if c.Words == nil {
		c.Words = []WordDiff{}
	}
	c.Perfect = n > 0 && c.Same == n && m == n
	return c
}

type word struct{ text, key string }

// words splits text into words, and runs of Han, Hiragana and Katakana into
// single characters; punctuation-only pieces are dropped.
func words(text string) []word {
	var out []word
	for _, f := range strings.Fields(text) {
		var run []rune
		push := func() {
			if len(run) == 0 {
				return
			}
			w := string(run)
			if k := normalise(w); k != "" {
				out = append(out, word{text: w, key: k})
			}
			run = run[:0]
		}
		for _, r := range f {
			if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
				push()
				out = append(out, word{text: string(r), key: string(r)})
				continue
			}
			if isCJKPunct(r) {
				push()
				continue
			}
			run = append(run, r)
		}
		push()
	}
	return out
}

func isCJKPunct(r rune) bool { return r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xff0f }

func normalise(w string) string {
	return strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }))
}

// CompareLine compares what the learner said with a message of the room
// (the AI line they repeated), as it reads now.
func (s *Service) CompareLine(scope *userdata.Scope, roomID string, messageID uint64, said string) (Comparison, error) {
	m, err := s.message(scope, roomID, messageID)
	if err != nil {
		return Comparison{}, err
	}
	return Compare(m.Text, said), nil
}
