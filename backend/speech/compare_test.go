package speech

import (
	"reflect"
	"testing"
)

func TestShadowingComparesWordByWord(t *testing.T) {
	for _, tc := range []struct {
		name, line, said string
		want             []WordDiff
		same             int
		perfect          bool
	}{
		{"said as written, case and punctuation aside", "Two lattes, please!", "two lattes please",
			[]WordDiff{{WordSame, "Two", "two"}, {WordSame, "lattes,", "lattes"}, {WordSame, "please!", "please"}}, 3, true},
		{"a missed word", "네, 아메리카노 한 잔이요.", "네 아메리카노 잔이요",
			[]WordDiff{{WordSame, "네,", "네"}, {WordSame, "아메리카노", "아메리카노"}, {WordMissed, "한", ""}, {WordSame, "잔이요.", "잔이요"}}, 3, false},
		{"an extra word", "I would like a coffee", "I would really like a coffee",
			[]WordDiff{{WordSame, "I", "I"}, {WordSame, "would", "would"}, {WordExtra, "", "really"}, {WordSame, "like", "like"},
				{WordSame, "a", "a"}, {WordSame, "coffee", "coffee"}}, 5, false},
		{"a changed word", "따뜻한 걸로 드릴까요?", "따뜻한 거로 드릴까요",
			[]WordDiff{{WordSame, "따뜻한", "따뜻한"}, {WordChanged, "걸로", "거로"}, {WordSame, "드릴까요?", "드릴까요"}}, 2, false},
		{"Japanese by character", "コーヒーを一つ", "コーヒーを二つ",
			[]WordDiff{{WordSame, "コ", "コ"}, {WordSame, "ー", "ー"}, {WordSame, "ヒ", "ヒ"}, {WordSame, "ー", "ー"}, {WordSame, "を", "を"},
				{WordChanged, "一", "二"}, {WordSame, "つ", "つ"}}, 6, false},
		{"nothing heard", "Hello there", "",
			[]WordDiff{{WordMissed, "Hello", ""}, {WordMissed, "there", ""}}, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Compare(tc.line, tc.said)
			if !reflect.DeepEqual(c.Words, tc.want) {
				t.Errorf("words\n got %v\nwant %v", c.Words, tc.want)
			}
			if c.Same != tc.same || c.Perfect != tc.perfect {
				t.Errorf("same %d perfect %v, want %d %v", c.Same, c.Perfect, tc.same, tc.perfect)
			}
		})
	}
}

func TestShadowingComparesWithTheLineInTheRoom(t *testing.T) {
	f := newFixture(t)
	c, err := f.svc.CompareLine(f.scope, "cafe", 8, "네 아메리카노 한 잔이요 따뜻한 거로 드릴까요")
	if err != nil {
		t.Fatal(err)
	}
	if c.Total != 7 || c.Same != 6 || c.Words[5].Kind != WordChanged {
		t.Errorf("comparison %+v", c)
	}
	if _, err := f.svc.CompareLine(f.scope, "cafe", 99, "네"); err == nil {
		t.Error("compared with a message that does not exist")
	}
}
