package textclean

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestCleanDropsWhatCanDisguiseOrHideText(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"right-to-left override in a link", "https://example.com/\u202egnp.exe", "https://example.com/gnp.exe"},
		{"every embedding and override", "a\u202ab\u202bc\u202cd\u202de\u202ef", "abcdef"},
		{"isolates U+2066–U+2069", "\u2066a\u2067b\u2068c\u2069d", "abcd"},
		{"zero-width space", "pay\u200bpal", "paypal"},
		{"word joiner", "pay\u2060pal", "paypal"},
		{"invisible operators and deprecated format marks", "a\u2061b\u2064c\u206ad\u206fe", "abcde"},
		{"byte order mark mid-text and at the start", "\ufeffhel\ufefflo", "hello"},
		{"interlinear annotation", "a\ufff9hidden\ufffab\ufffb", "ahiddenb"},
		{"NUL and escape", "Hel\x00lo\x1b[31m", "Hello[31m"},
		{"every other C0 control", "a\x01\x07\x08\x0b\x0c\x1f" + "b", "ab"},
		{"CR of a Windows line end", "one\r\ntwo\r", "one\ntwo"},
		{"DEL and C1 controls", "a\x7fb\u0080c\u0085d\u009fe", "abcde"},
		{"invalid UTF-8", "ok\xff\xfe!", "ok!"},
		{"replacement character", "ok\ufffd!", "ok!"},
	}
	for _, c := range cases {
		if got := Clean(c.in); got != c.want {
			t.Errorf("%s: Clean(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

func TestCleanKeepsWhatRealTextNeeds(t *testing.T) {
	for _, s := range []string{
		"line one\n\tindented line two",
		"안녕하세요! 커피 한 잔 주세요.",
		"いらっしゃいませ。ご注文は？",
		"👩\u200d💻 at work, 👨\u200d👩\u200d👧 at home, 🏳\ufe0f\u200d🌈",
		"🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", // England's flag: tag characters
		"می\u200cخواهم",                                                 // Persian needs the non-joiner
		"क्\u200dष",                                                     // and Devanagari the joiner
		"abc \u200fשלום\u200e def",                                      // plain direction marks
		"co\u00adop \u2028next \u2029",                                  // soft hyphen, line and paragraph separators
		"",
	} {
		if got := Clean(s); got != s {
			t.Errorf("Clean(%q) = %q, want it unchanged", s, got)
		}
	}
}

// llm cleans each streamed piece on its own; the saved reply must be what
// cleaning the whole reply gives, wherever the server split it.
func TestCleaningPiecesGivesWhatCleaningTheWholeGives(t *testing.T) {
	s := "Hi\x00 👩\u200d💻 \u202eevil\u202c\r\n\tok\u200b\ufeff 한국어\u2066x\u2069"
	whole := Clean(s)
	for i := range s {
		if !utf8.RuneStart(s[i]) {
			continue
		}
		if got := Clean(s[:i]) + Clean(s[i:]); got != whole {
			t.Fatalf("split at %d: %q, want %q", i, got, whole)
		}
	}
}

func TestCleanReturnsCleanTextWithoutCopying(t *testing.T) {
	s := strings.Repeat("clean text ", 100)
	if n := testing.AllocsPerRun(100, func() { _ = Clean(s) }); n != 0 {
		t.Fatalf("Clean allocated %v times on clean text", n)
	}
}

// chat's own cleaner dropped invalid UTF-8, CR and every control character
// but newline and tab; Clean, which replaces it, must drop at least as much.
func TestCleanDropsEverythingTheOldChatCleanerDid(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		if (r == '\r' || unicode.IsControl(r)) && r != '\n' && r != '\t' && Clean(string(r)) != "" {
			t.Errorf("Clean keeps %U", r)
		}
	}
	if got := Clean("a\xc3b\xff"); got != "ab" {
		t.Errorf("invalid UTF-8: %q", got)
	}
}

func TestCleanLineMakesOneLine(t *testing.T) {
	cases := map[string]string{
		"  Ordering coffee \n":             "Ordering coffee",
		"two\nlines\tand\u2028more\u2029.": "two lines and more .",
		"\u202eevil title\r\n":             "evil title",
		"\u200b\ufeff":                     "",
		"카페에서\x00 주문하기":                    "카페에서 주문하기",
		"👨\u200d🍳 chef":                    "👨\u200d🍳 chef",
	}
	for in, want := range cases {
		if got := CleanLine(in); got != want {
			t.Errorf("CleanLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsUnsafeIsWhatCleanDrops(t *testing.T) {
	for _, r := range []rune{0, 0x1b, '\r', 0x7f, 0x85, 0x9f, 0x202a, 0x202e, 0x2066, 0x2069, 0x200b, 0x2060, 0xfeff, 0xfffd} {
		if !IsUnsafe(r) {
			t.Errorf("IsUnsafe(%U) = false", r)
		}
	}
	for _, r := range []rune{'\n', '\t', ' ', 'a', '한', 0x200c, 0x200d, 0x200e, 0x200f, 0x2028, 0xad, 0xe0067} {
		if IsUnsafe(r) {
			t.Errorf("IsUnsafe(%U) = true", r)
		}
	}
	for r := rune(0); r < 0x30000; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue // surrogates are not runes a string can hold
		}
		if s := string(r); (Clean(s) == "") != IsUnsafe(r) {
			t.Fatalf("%U: Clean gives %q but IsUnsafe says %v", r, Clean(s), IsUnsafe(r))
		}
	}
}

func TestALineOfOnlyInvisibleCharactersIsBlank(t *testing.T) {
	blank := []string{
		"",
		" \t\n\u3000",
		"\u200b\u200c\u200d\u2060\ufeff",
		"\u202e\u2066\u2069\u200e\u200f",
		"\u3164\u3164", // Hangul filler, the usual "blank" Korean name
		"\u115f\u1160\uffa0",
		"\u2800 \u034f\ufe0f\u00ad",
		"\x00\x1b\u0085",
		"\xff\xfe",
	}
	for _, s := range blank {
		if !IsBlank(s) {
			t.Errorf("IsBlank(%q) = false", s)
		}
	}
	for _, s := range []string{"a", "\u200b.", "\u3164ㅋ", "👍", "\u200d❤", "ـ"} {
		if IsBlank(s) {
			t.Errorf("IsBlank(%q) = true", s)
		}
	}
}

func TestInvisibleRunes(t *testing.T) {
	for _, r := range []rune{0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202e, 0x2060, 0x2066, 0xfeff, 0xad, 0x34f, 0xfe0f, 0xe0101, 0x115f, 0x1160, 0x3164, 0xffa0, 0x2800, 0xe0067} {
		if !IsInvisible(r) {
			t.Errorf("IsInvisible(%U) = false", r)
		}
	}
	for _, r := range []rune{' ', '\n', 'a', '가', 'ㅎ', 0x3000, 0x2801, '.', 0x1f44d} {
		if IsInvisible(r) {
			t.Errorf("IsInvisible(%U) = true", r)
		}
	}
}

func ExampleClean() {
	fmt.Printf("%q\n", Clean("Open https://example.com/\u202egnp.exe\x00 👩\u200d💻"))
	// Output: "Open https://example.com/gnp.exe 👩\u200d💻"
}
