// Package textclean holds the one set of rune rules for text that Parley
// stores and shows: model replies (hostile input), what the learner types,
// and room fields. It drops what no chat text needs and what can make text
// display other than it reads, and tells a line with nothing visible in it
// from one with words.
package textclean

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean returns s without the runes no chat text needs:
//   - invalid UTF-8 and U+FFFD (what a server's invalid bytes become),
//   - control characters (C0, DEL, C1) other than newline and tab; a CR is
//     dropped, so CRLF becomes LF,
//   - the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
//     U+2066–U+2069), which make text display in an order other than it
//     reads, e.g. to disguise a link,
//   - zero-width space U+200B, U+FEFF, and the word joiner and other
//     invisible format characters U+2060–U+206F, which can split or hide
//     words without showing,
//   - the interlinear annotation marks U+FFF9–U+FFFB, which can hide text.
//
// It keeps the plain direction marks U+200E/U+200F (they cannot reorder
// letters, and mixed right-to-left text needs them) and the joiners U+200C
// and U+200D: emoji sequences such as 👩‍💻 and scripts such as Persian and
// Hindi need them, and a stray one cannot reorder or hide anything.
//
// Clean decides rune by rune, so cleaning a reply piece by piece gives what
// cleaning it whole gives: Clean(a+b) == Clean(a)+Clean(b) for any split at a
// rune boundary. (That is also why it does not judge a joiner by its
// neighbours: a streamed piece may end between 👩 and ‍💻.)
func Clean(s string) string {
	for i, r := range s {
		if drops(r) {
			return clean(s, i)
		}
	}
	return s
}

func clean(s string, from int) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:from])
	for _, r := range s[from:] {
		if !drops(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CleanLine is Clean for a one-line field (a title, a role): line breaks and
// tabs become spaces, and surrounding white space is trimmed.
func CleanLine(s string) string {
	s = Clean(s)
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\n', '\t', '\u2028', '\u2029':
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// IsUnsafe reports whether Clean drops r: a caller that refuses text rather
// than cleaning it (room fields) refuses these.
func IsUnsafe(r rune) bool { return drops(r) }

func drops(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		return true
	case r == utf8.RuneError:
		return true // also how range reports an invalid byte
	case r == '\u200b' || r == '\ufeff':
		return true
	case r >= '\u202a' && r <= '\u202e':
		return true
	case r >= '\u2060' && r <= '\u206f':
		return true
	case r >= '\ufff9' && r <= '\ufffb':
		return true
	}
	return false
}

// IsInvisible reports whether r shows nothing on its own and takes no space
// that reads as a character: format characters (zero-width space and
// joiners, direction marks, U+FEFF, soft hyphen, tag characters, …),
// variation selectors, the combining grapheme joiner, the Hangul fillers
// (U+115F, U+1160, U+3164, U+FFA0) and the blank Braille pattern U+2800,
// which show as empty space and are the usual way to make a name or a line
// look blank. White space is not included: see IsBlank.
func IsInvisible(r rune) bool {
	switch {
	case unicode.Is(unicode.Cf, r):
		return true
	case r == '\u034f': // combining grapheme joiner
		return true
	case r >= '\ufe00' && r <= '\ufe0f', r >= 0xe0100 && r <= 0xe01ef: // variation selectors
		return true
	case r == '\u115f', r == '\u1160', r == '\u3164', r == '\uffa0': // Hangul fillers
		return true
	case r == '\u2800': // Braille pattern blank
		return true
	}
	return false
}

// IsBlank reports whether s has nothing a reader can see: only white space,
// control characters, invisible runes (IsInvisible) or invalid UTF-8. A
// learner line or a required field that is blank is refused like an empty
// one.
func IsBlank(s string) bool {
	for _, r := range s {
		if !(unicode.IsSpace(r) || unicode.IsControl(r) || IsInvisible(r) || r == utf8.RuneError) {
			return false
		}
	}
	return true
}

// Forbidden reports whether r may not appear in text a learner types (a line
// they send, a room field): control characters, the bidirectional
// embeddings, overrides and isolates that make text display in another order
// than it reads, and, in a one-line field, line breaks, tabs and the Unicode
// line and paragraph separators. Such text is refused, not silently changed:
// a learner sees what they sent.
func Forbidden(r rune, multiline bool) bool {
	switch {
	case r == '\n' || r == '\t' || r == '\u2028' || r == '\u2029':
		return !multiline
	case unicode.IsControl(r):
		return true
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}
