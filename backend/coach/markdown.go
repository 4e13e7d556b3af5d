package coach

import (
	"fmt"
	"strings"
)

// mdLabels are the debrief's headings and labels in each UI language; the
// exported file reads in the language the learner reads Parley in.
var mdLabels = map[string]map[string]string{
	"en": {
		"title": "Debrief", "goals": "Goals", "corrections": "Corrections", "phrases": "Phrases worth keeping",
		"level": "Level", "stats": "This session", "none": "Nothing to correct: well done.",
		"levelLine": "The room is set to %s; your lines felt like %s. Next: try %s.",
		"statsLine": "%d lines, %d words, %d minutes. Hints: aim %d, words %d, start %d, full line %d.",
		"grammar":   "Grammar", "word_choice": "Word choice", "spelling": "Spelling", "particle_ending": "Particle / ending",
		"register": "Politeness / register", "naturalness": "Naturalness",
	},
	"ko": {
		"title": "세션 돌아보기", "goals": "목표", "corrections": "교정", "phrases": "기억해 둘 표현",
		"level": "수준", "stats": "이번 세션", "none": "고칠 것이 없었어요. 잘했어요!",
		"levelLine": "이 방의 수준은 %s이고, 내 문장은 %s 정도로 느껴졌어요. 다음에는 %s에 도전해 보세요.",
		"statsLine": "문장 %d개, 단어 %d개, %d분. 힌트: 목표 %d, 표현 %d, 시작 %d, 전체 문장 %d.",
		"grammar":   "문법", "word_choice": "어휘 선택", "spelling": "맞춤법", "particle_ending": "조사 / 어미",
		"register": "높임말 / 말투", "naturalness": "자연스러움",
	},
	"ja": {
		"title": "セッションのふりかえり", "goals": "目標", "corrections": "添削", "phrases": "覚えておきたい表現",
		"level": "レベル", "stats": "今回のセッション", "none": "直すところはありませんでした。よくできました！",
		"levelLine": "この部屋のレベルは %s、あなたの文は %s くらいに感じられました。次は %s に挑戦しましょう。",
		"statsLine": "%d 文、%d 語、%d 分。ヒント: ねらい %d、表現 %d、書き出し %d、全文 %d。",
		"grammar":   "文法", "word_choice": "語の選び方", "spelling": "つづり・表記", "particle_ending": "助詞・語尾",
		"register": "敬語・話し方", "naturalness": "自然さ",
	},
}

// mdEscape keeps learner and model text from becoming Markdown structure.
func mdEscape(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "#", `\#`, "|", `\|`)
	return r.Replace(s)
}

// Markdown renders a debrief as a Markdown document.
func (d Debrief) Markdown() string {
	l, ok := mdLabels[d.UILanguage]
	if !ok {
		l = mdLabels["en"]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s\n\n", l["title"], mdEscape(d.Title))
	fmt.Fprintf(&b, "%s\n\n", d.CreatedAt.Local().Format("2006-01-02 15:04"))
	if len(d.Goals) > 0 {
		fmt.Fprintf(&b, "## %s\n\n", l["goals"])
		for _, g := range d.Goals {
			box := " "
			if g.Met {
				box = "x"
			}
			fmt.Fprintf(&b, "- [%s] %s\n", box, mdEscape(g.Text))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "## %s\n\n", l["corrections"])
	if len(d.Corrections) == 0 {
		fmt.Fprintf(&b, "%s\n\n", l["none"])
	}
	for _, g := range d.Corrections {
		fmt.Fprintf(&b, "### %s (%d)\n\n", l[g.Category], g.Count)
		for _, c := range g.Items {
			fmt.Fprintf(&b, "- ~~%s~~ → **%s**", mdEscape(c.Change.Original), mdEscape(c.Change.Corrected))
			if c.Change.Explanation != "" {
				fmt.Fprintf(&b, ": %s", mdEscape(c.Change.Explanation))
			}
			fmt.Fprintf(&b, "\n  > %s\n", mdEscape(c.Corrected))
		}
		b.WriteString("\n")
	}
	if len(d.Phrases) > 0 {
		fmt.Fprintf(&b, "## %s\n\n", l["phrases"])
		for _, p := range d.Phrases {
			fmt.Fprintf(&b, "- **%s**", mdEscape(p.Text))
			if p.Meaning != "" {
				fmt.Fprintf(&b, ": %s", mdEscape(p.Meaning))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "## %s\n\n", l["level"])
	fmt.Fprintf(&b, l["levelLine"]+"\n", d.Level.Room, d.Level.Felt, d.Level.Next)
	if d.Level.Note != "" {
		fmt.Fprintf(&b, "%s\n", mdEscape(d.Level.Note))
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "## %s\n\n", l["stats"])
	h := d.Stats.HintsByRung
	fmt.Fprintf(&b, l["statsLine"]+"\n", d.Stats.Lines, d.Stats.Words, d.Stats.Minutes, h[0], h[1], h[2], h[3])
	return b.String()
}

// FileName is a safe default file name for the exported debrief.
func (d Debrief) FileName() string {
	var b strings.Builder
	for _, r := range d.Title {
		switch {
		case strings.ContainsRune(`/\:*?"<>|`, r), r < 32:
			b.WriteRune('-')
		default:
			b.WriteRune(r)
		}
	}
	name := strings.TrimSpace(b.String())
	if name == "" {
		name = "Parley"
	}
	return fmt.Sprintf("%s %s.md", name, d.CreatedAt.Local().Format("2006-01-02"))
}
