package search

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// Snippet size, in bytes of the message (a Korean syllable is three).
const (
	snippetBefore = 60
	snippetLen    = 240
)

// snippet is the part of text around the first match, on one line, split so
// that every occurrence of a term in it is its own Match part. The folded
// text has the same byte offsets as text (see appendFolded), so matches
// found in it mark the text as written.
func snippet(text string, terms [][]byte) []Part {
	folded := appendFolded(nil, []byte(text))
	first := len(folded)
	for _, t := range terms {
		if i := bytes.Index(folded, t); i >= 0 && i < first {
			first = i
		}
	}
	if first == len(folded) {
		first = 0
	}
	start := max(0, first-snippetBefore)
	end := min(len(text), start+snippetLen)
	for start > 0 && !utf8.RuneStart(text[start]) {
		start--
	}
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end++
	}
	// Mark every occurrence in the window; overlapping terms merge.
	marked := make([]bool, end-start)
	window := folded[start:end]
	for _, t := range terms {
		for off := 0; ; {
			i := bytes.Index(window[off:], t)
			if i < 0 {
				break
			}
			for j := off + i; j < off+i+len(t); j++ {
				marked[j] = true
			}
			off += i + len(t)
		}
	}
	var parts []Part
	add := func(s string, match bool) {
		s = oneLine(s)
		if s == "" {
			return
		}
		if n := len(parts); n > 0 && parts[n-1].Match == match {
			parts[n-1].Text += s
			return
		}
		parts = append(parts, Part{Text: s, Match: match})
	}
	if start > 0 {
		add("…", false)
	}
	from := 0
	for i := 1; i <= len(marked); i++ {
		if i == len(marked) || marked[i] != marked[from] {
			add(text[start+from:start+i], marked[from])
			from = i
		}
	}
	if end < len(text) {
		add("…", false)
	}
	return parts
}

// oneLine turns line breaks and tabs into spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}
