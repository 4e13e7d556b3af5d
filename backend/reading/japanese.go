package reading

import (
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"
)

// Furigana comes from kagome, a morphological analyser in pure Go, with the
// IPA dictionary: it splits the sentence into words and gives each its
// reading in context (今日は → きょう, 一人 → ひとり), which a per-kanji table
// cannot. The dictionary is loaded once, on first use.
var (
	tokOnce sync.Once
	tok     *tokenizer.Tokenizer
	tokErr  error
)

func japaneseTokenizer() (*tokenizer.Tokenizer, error) {
	tokOnce.Do(func() { tok, tokErr = tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos()) })
	return tok, tokErr
}

// Furigana splits Japanese text into segments with the hiragana reading of
// each run of kanji; kana, Latin letters, digits and punctuation have none.
func Furigana(text string) ([]Segment, error) {
	t, err := japaneseTokenizer()
	if err != nil {
		return nil, err
	}
	var words []tokenReading
	for _, token := range t.Tokenize(text) {
		reading, _ := token.Reading()
		words = append(words, tokenReading{surface: token.Surface, reading: toHiragana(reading)})
	}
	var out []Segment
	for _, w := range withCounters(words) {
		if w.whole {
			out = append(out, Segment{Text: w.surface, Reading: w.reading})
			continue
		}
		out = append(out, align(w.surface, w.reading)...)
	}
	return merge(out), nil
}

// FuriganaText writes furigana in brackets after each kanji run: 食[た]べる.
func FuriganaText(text string) (string, error) {
	segs, err := Furigana(text)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.Text)
		if s.Reading != "" {
			b.WriteString("[" + s.Reading + "]")
		}
	}
	return b.String(), nil
}

func isKanji(r rune) bool {
	return unicode.Is(unicode.Han, r) || r == '々' || r == '〆' || r == 'ヶ'
}

func hasKanji(s string) bool { return strings.IndexFunc(s, isKanji) >= 0 }

func toHiragana(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'ァ' && r <= 'ヶ' && r != 'ヵ' && r != 'ヶ' {
			return r - 0x60
		}
		return r
	}, s)
}

// align gives a word's reading to its kanji only: the kana written in the
// word (okurigana) are matched in the reading and left bare, so 食べる with
// the reading たべる becomes 食[た] + べる.
func align(surface, reading string) []Segment {
	if !hasKanji(surface) {
		return []Segment{{Text: surface}}
	}
	if reading == "" || reading == "*" {
		return []Segment{{Text: surface}} // unknown to the dictionary: no guess
	}
	// Split the surface into runs of kanji and of other characters.
	var runs []string
	var kanji []bool
	for _, r := range surface {
		k := isKanji(r)
		if len(runs) == 0 || kanji[len(kanji)-1] != k {
			runs = append(runs, "")
			kanji = append(kanji, k)
		}
		runs[len(runs)-1] += string(r)
	}
	var pat strings.Builder
	pat.WriteString("^")
	for i, run := range runs {
		if kanji[i] {
			pat.WriteString("(.+?)")
		} else {
			pat.WriteString("(" + regexp.QuoteMeta(toHiragana(run)) + ")")
		}
	}
	pat.WriteString("$")
	m := regexp.MustCompile(pat.String()).FindStringSubmatch(reading)
	if m == nil {
		return []Segment{{Text: surface, Reading: reading}}
	}
	out := make([]Segment, len(runs))
	for i, run := range runs {
		out[i] = Segment{Text: run}
		if kanji[i] {
			out[i].Reading = m[i+1]
		}
	}
	return out
}

// merge joins neighbouring segments without a reading, so the UI draws fewer nodes.
func merge(in []Segment) []Segment {
	var out []Segment
	for _, s := range in {
		if n := len(out); n > 0 && s.Reading == "" && out[n-1].Reading == "" {
			out[n-1].Text += s.Text
			continue
		}
		out = append(out, s)
	}
	return out
}

// CountJapaneseWords counts the words of a Japanese line, leaving out
// punctuation and symbols (the analyser's 記号) and spaces.
func CountJapaneseWords(text string) int {
	t, err := japaneseTokenizer()
	if err != nil {
		return 0
	}
	n := 0
	for _, token := range t.Tokenize(text) {
		if pos := token.POS(); len(pos) > 0 && pos[0] == "記号" || strings.TrimSpace(token.Surface) == "" {
			continue
		}
		n++
	}
	return n
}
