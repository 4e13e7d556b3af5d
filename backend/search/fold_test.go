package search

import (
	"testing"
	"unicode"
)

// appendFolded copies runes in the uncased blocks without looking up their
// lower case: none of them may have one.
func TestUncasedBlocksHaveNoLowerCase(t *testing.T) {
	for _, span := range [][2]rune{{uncasedLo, uncasedHi}, {hangulLo, hangulHi}} {
		for r := span[0]; r < span[1]; r++ {
			if unicode.ToLower(r) != r {
				t.Fatalf("U+%04X has a lower case", r)
			}
		}
	}
	if got := string(fold("ＡＢＣ Ｄéjà ÀÉ 아메리카노 コーヒー İ")); got != "ａｂｃ ｄéjà àé 아메리카노 コーヒー İ" {
		t.Fatalf("folded %q", got)
	}
}
