package llm

import "unicode/utf8"

// Text from a server is hostile input: textclean.Clean keeps only what a
// chat reply can need, and capText keeps it within size.

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
