package reading

// Numbers with counters change their sound (一杯 いっぱい, 三本 さんぼん,
// 一人 ひとり), and the analyser reads the number and the counter apart
// (いち + はい). These tables give the reading of a number from one to ten
// (or 何) with the common counters; the number may be a kanji numeral or a
// digit, and the reading then goes over both.

var numerals = map[string]int{
	"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "何": 0,
	"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "9": 9, "10": 10,
	"１": 1, "２": 2, "３": 3, "４": 4, "５": 5, "６": 6, "７": 7, "８": 8, "９": 9, "１０": 10,
}

// numberReading is each number as read before a counter (四 よん, 七 なな).
var numberReading = [...]string{"なん", "いち", "に", "さん", "よん", "ご", "ろく", "なな", "はち", "きゅう", "じゅう"}

// geminated is the number's form before a doubled consonant (いっ, ろっ, はっ, じゅっ).
var geminated = map[int]string{1: "いっ", 6: "ろっ", 8: "はっ", 10: "じゅっ"}

type counter struct {
	base    string         // the counter's own reading
	rows    string         // "h" (p after いっ, b or p after 三/何), "k", "s", "t" or "" (no change)
	voiced  string         // after 三 and 何 for h-row counters: "b" (杯 ばい) or "p" (分 ぷん)
	special map[int]string // readings that follow no rule
}

var counters = map[string]counter{
	"人": {base: "にん", special: map[int]string{1: "ひとり", 2: "ふたり", 4: "よにん"}},
	"つ": {special: map[int]string{1: "ひとつ", 2: "ふたつ", 3: "みっつ", 4: "よっつ", 5: "いつつ", 6: "むっつ", 7: "ななつ", 8: "やっつ", 9: "ここのつ", 0: "いくつ"}},
	"杯": {base: "はい", rows: "h", voiced: "b"},
	"本": {base: "ほん", rows: "h", voiced: "b"},
	"匹": {base: "ひき", rows: "h", voiced: "b"},
	"分": {base: "ふん", rows: "h", voiced: "p", special: map[int]string{4: "よんぷん"}},
	"回": {base: "かい", rows: "k"},
	"個": {base: "こ", rows: "k"},
	"階": {base: "かい", rows: "k", special: map[int]string{3: "さんがい", 0: "なんがい"}},
	"歳": {base: "さい", rows: "s", special: map[int]string{}},
	"冊": {base: "さつ", rows: "s"},
	"枚": {base: "まい"},
	"時": {base: "じ", special: map[int]string{4: "よじ", 7: "しちじ", 9: "くじ"}},
	"円": {base: "えん", special: map[int]string{4: "よえん"}},
	"月": {base: "がつ", special: map[int]string{4: "しがつ", 7: "しちがつ", 9: "くがつ"}},
	"日": {special: map[int]string{1: "いちにち", 2: "ふつか", 3: "みっか", 4: "よっか", 5: "いつか", 6: "むいか", 7: "なのか", 8: "ようか", 9: "ここのか", 10: "とおか", 0: "なんにち"}},
}

var hToP = map[string]string{"は": "ぱ", "ひ": "ぴ", "ふ": "ぷ", "へ": "ぺ", "ほ": "ぽ"}
var hToB = map[string]string{"は": "ば", "ひ": "び", "ふ": "ぶ", "へ": "べ", "ほ": "ぼ"}

// countReading is the reading of number n with the counter, or "" when the
// tables do not know it.
func countReading(n int, c counter) string {
	if r, ok := c.special[n]; ok {
		return r
	}
	if c.base == "" {
		return ""
	}
	first, rest := string([]rune(c.base)[0]), string([]rune(c.base)[1:])
	g, gem := geminated[n]
	switch c.rows {
	case "h":
		if gem {
			return g + hToP[first] + rest
		}
		if n == 3 || n == 0 {
			if c.voiced == "p" {
				return numberReading[n] + hToP[first] + rest
			}
			return numberReading[n] + hToB[first] + rest
		}
	case "k", "t":
		if gem {
			return g + c.base
		}
	case "s":
		if n == 1 || n == 8 || n == 10 {
			return g + c.base
		}
	}
	return numberReading[n] + c.base
}

// whole words the analyser splits and misreads: 二十歳 is はたち, and 十分
// in conversation is mostly "enough" (じゅうぶん); ten minutes is written 10分.
var wholeWords = map[string]string{
	"二十歳": "はたち", "十分": "じゅうぶん", "一日中": "いちにちじゅう", "今日中": "きょうじゅう",
}

var timeAfter = map[string]bool{"ぐらい": true, "くらい": true, "ほど": true, "後": true, "前": true, "間": true, "以内": true}

// withCounters joins a number and the counter after it into one segment
// read as a whole.
func withCounters(tokens []tokenReading) []tokenReading {
	var out []tokenReading
outer:
	for i := 0; i < len(tokens); i++ {
		for k := 3; k >= 2; k-- {
			if i+k > len(tokens) {
				continue
			}
			var word string
			for _, t := range tokens[i : i+k] {
				word += t.surface
			}
			if r, ok := wholeWords[word]; ok {
				// …unless a length of time follows: 十分ぐらい is ten minutes or so.
				if word == "十分" && i+k < len(tokens) && timeAfter[tokens[i+k].surface] {
					r = "じゅっぷん"
				}
				out = append(out, tokenReading{surface: word, reading: r, whole: true})
				i += k - 1
				continue outer
			}
		}
		if i+1 < len(tokens) {
			n, isNum := numerals[tokens[i].surface]
			c, isCounter := counters[tokens[i+1].surface]
			if isNum && isCounter {
				if r := countReading(n, c); r != "" {
					out = append(out, tokenReading{surface: tokens[i].surface + tokens[i+1].surface, reading: r, whole: true})
					i++
					continue
				}
			}
		}
		out = append(out, tokens[i])
	}
	return out
}

type tokenReading struct {
	surface, reading string
	whole            bool // the reading goes over the whole surface, digits included
}
