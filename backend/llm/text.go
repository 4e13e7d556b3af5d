package llm

import (
	"strings"
	"unicode/utf8"
)

// Text from a server is hostile input: these keep only what a chat reply can
// need, and keep it within size.

// cleanText drops control characters other than newline and tab, which no
// chat reply needs and which could confuse what displays or stores it, and
// the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069)
// that can make text display in an order other than it reads, e.g. to
// disguise a link. The plain marks U+200E/U+200F stay.
func cleanText(s string) string {
	clean := true
	for _, r := range s {
		if isJunk(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isJunk(r) {
			return -1
		}
		return r
	}, s)
}

func isJunk(r rune) bool {
	return (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// capText fits piece after have bytes of text within limit, cutting on a rune
// boundary; over reports whether it had to cut.
func capText(piece string, have, limit int) (cut string, over bool) {
	room := limit - have
	if len(piece) <= room {
		return piece, false
	}
	if room <= 0 {
		return "", true
	}
	for room > 0 && !utf8.RuneStart(piece[room]) {
		room--
	}
	return piece[:room], true
}
