// Package reading adds reading aids to the practice language: Korean
// romanised by the Revised Romanization of Korean as the words are
// pronounced (같이 → gachi, 신라 → silla), and Japanese with furigana over
// its kanji. Both work word by word, so the UI can draw each reading over
// the text it belongs to with <ruby>.
package reading

import (
	"strings"
	"unicode/utf8"

	"parley/backend/apperr"
)

// Segment is a piece of text and its reading ("" for none: spaces,
// punctuation, numbers, kana, Latin letters).
type Segment struct {
	Text    string `json:"text"`
	Reading string `json:"reading,omitempty"`
}

const (
	hangulBase = 0xAC00
	hangulLast = 0xD7A3
)

// Choseong (initials) and jongseong (finals) by their Unicode order.
const (
	iG, iGG, iN, iD, iDD, iR, iM, iB, iBB, iS, iSS, iNG, iJ, iJJ, iCh, iK, iT, iP, iH = 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18
)

const (
	fNone = iota
	fG    // ㄱ
	fGG   // ㄲ
	fGS   // ㄳ
	fN    // ㄴ
	fNJ   // ㄵ
	fNH   // ㄶ
	fD    // ㄷ
	fL    // ㄹ
	fLG   // ㄺ
	fLM   // ㄻ
	fLB   // ㄼ
	fLS   // ㄽ
	fLT   // ㄾ
	fLP   // ㄿ
	fLH   // ㅀ
	fM    // ㅁ
	fB    // ㅂ
	fBS   // ㅄ
	fS    // ㅅ
	fSS   // ㅆ
	fNG   // ㅇ
	fJ    // ㅈ
	fCh   // ㅊ
	fK    // ㅋ
	fT    // ㅌ
	fP    // ㅍ
	fH    // ㅎ
)

var initialRoman = [19]string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}

var vowelRoman = [21]string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}

const vowelI = 20 // ㅣ

// A final's sound once it is not carried over to the next syllable.
type sound int

const (
	sNone sound = iota
	sK
	sT
	sP
	sN
	sL
	sM
	sNG
)

var soundRoman = [...]string{"", "k", "t", "p", "n", "l", "m", "ng"}

// carried is the initial a final becomes before a vowel: for a double
// final, the second consonant moves on and the first stays.
var carried = map[int][2]int{ // final → {final left behind, initial}
	fG: {fNone, iG}, fGG: {fNone, iGG}, fGS: {fG, iS}, fN: {fNone, iN}, fNJ: {fN, iJ},
	fD: {fNone, iD}, fL: {fNone, iR}, fLG: {fL, iG}, fLM: {fL, iM}, fLB: {fL, iB}, fLS: {fL, iS},
	fLT: {fL, iT}, fLP: {fL, iP}, fM: {fNone, iM}, fB: {fNone, iB}, fBS: {fB, iS}, fS: {fNone, iS},
	fSS: {fNone, iSS}, fJ: {fNone, iJ}, fCh: {fNone, iCh}, fK: {fNone, iK}, fT: {fNone, iT}, fP: {fNone, iP},
}

type syllable struct {
	ini, vowel, fin int
	// sound is what the final sounds like after the rules; finSet marks it decided.
	sound  sound
	finSet bool
	lIni   bool // an initial ㄹ after ㄹ: written l, not r
}

// RomanizeKorean romanises Korean text as it is pronounced. Runs of Hangul
// (one word each) get their reading; everything else is passed through with
// none.
func RomanizeKorean(text string) []Segment {
	var out []Segment
	for len(text) > 0 {
		r, _ := utf8.DecodeRuneInString(text)
		end := strings.IndexFunc(text, func(c rune) bool { return isHangul(c) != isHangul(r) })
		if end < 0 {
			end = len(text)
		}
		chunk := text[:end]
		text = text[end:]
		if isHangul(r) {
			out = append(out, Segment{Text: chunk, Reading: romanizeWord(chunk)})
		} else {
			out = append(out, Segment{Text: chunk})
		}
	}
	return out
}

// RomanizeKoreanText is the romanisation of a whole text, words kept apart.
func RomanizeKoreanText(text string) string {
	var b strings.Builder
	for _, s := range RomanizeKorean(text) {
		if s.Reading != "" {
			b.WriteString(s.Reading)
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

func isHangul(r rune) bool { return r >= hangulBase && r <= hangulLast }

func romanizeWord(word string) string {
	var syl []syllable
	for _, r := range word {
		n := int(r - hangulBase)
		syl = append(syl, syllable{ini: n / 588, vowel: (n % 588) / 28, fin: n % 28})
	}
	for i := 0; i+1 < len(syl); i++ {
		join(&syl[i], &syl[i+1], word)
	}
	var b strings.Builder
	for i, s := range syl {
		if s.lIni {
			b.WriteString("l")
		} else {
			b.WriteString(initialRoman[s.ini])
		}
		b.WriteString(vowelRoman[s.vowel])
		if !s.finSet {
			syl[i].sound = neutral(s.fin, -1, word)
			s = syl[i]
		}
		b.WriteString(soundRoman[s.sound])
	}
	return b.String()
}

// neutral is the sound of a final before a consonant (next, -1 at the end).
func neutral(fin, next int, word string) sound {
	switch fin {
	case fNone:
		return sNone
	case fG, fGG, fGS, fK:
		return sK
	case fLG:
		// Verb stems read ㄺ as ㄹ before ㄱ (읽고 [일꼬], 맑게 [말께]); the
		// noun 닭 keeps ㄱ (닭고기 [닥꼬기]).
		if (next == iG || next == iGG) && !strings.Contains(word, "닭") {
			return sL
		}
		return sK // 닭 [닥], 읽다 [익따]
	case fN, fNJ, fNH:
		return sN
	case fD, fS, fSS, fJ, fCh, fT, fH:
		return sT
	case fL, fLS, fLT, fLH:
		return sL
	case fLB:
		if strings.Contains(word, "밟") { // 밟다 [밥따], the one ㄼ read as ㅂ
			return sP
		}
		return sL // 여덟 [여덜], 넓다 [널따]
	case fM, fLM:
		return sM
	case fB, fBS, fLP, fP:
		return sP
	case fNG:
		return sNG
	}
	return sNone
}

// join applies the sound changes between a final and the next initial.
func join(a, b *syllable, word string) {
	a.finSet = true
	if b.ini == iNG { // the next syllable starts with a vowel
		switch a.fin {
		case fNone, fNG:
			a.sound = neutral(a.fin, -1, word)
		case fH:
			a.sound = sNone // 좋아 [조아]
		case fNH:
			a.sound, b.ini = sNone, iN // 않아 [아나]
		case fLH:
			a.sound, b.ini = sNone, iR // 싫어 [시러]
		case fD, fT, fLT:
			left := carried[a.fin][0]
			b.ini = carried[a.fin][1]
			if b.vowel == vowelI { // palatalisation: 같이 [가치], 굳이 [구지]
				b.ini = map[int]int{fD: iJ, fT: iCh, fLT: iCh}[a.fin]
			}
			a.sound = neutral(left, -1, word)
			if left == fL {
				a.sound = sL
			}
		default:
			c := carried[a.fin]
			b.ini = c[1]
			a.sound = soundOfLeft(c[0])
		}
		if b.ini == iR && a.sound == sL {
			b.lIni = true
		}
		return
	}
	if a.fin == fH || a.fin == fNH || a.fin == fLH {
		left := map[int]sound{fH: sNone, fNH: sN, fLH: sL}[a.fin]
		switch b.ini {
		case iG, iD, iJ: // aspiration: 좋고 [조코], 않다 [안타]
			b.ini = map[int]int{iG: iK, iD: iT, iJ: iCh}[b.ini]
			a.sound = left
			return
		case iS: // 좋습니다 [조씀니다]
			b.ini = iSS
			a.sound = left
			return
		case iN: // 놓는 [논는], 않는 [안는], 싫네 [실레]
			a.sound = map[int]sound{fH: sN, fNH: sN, fLH: sL}[a.fin]
			if a.sound == sL {
				b.lIni, b.ini = true, iR
			}
			return
		}
	}
	s := neutral(a.fin, b.ini, word)
	switch b.ini {
	case iN, iM: // nasalisation: 합니다 [함니다], 먹는 [멍는]
		s = nasal(s)
		if s == sL && b.ini == iN { // 설날 [설랄]
			b.ini, b.lIni = iR, true
		}
	case iR:
		switch s {
		case sN, sL: // 신라 [실라], 별로 [별로]
			s = sL
			b.lIni = true
		case sM, sNG: // 종로 [종노], 심리 [심니]
			b.ini = iN
		case sK, sT, sP: // 백리 [뱅니], 협력 [혐녁]
			b.ini = iN
			s = nasal(s)
		}
	}
	a.sound = s
}

func nasal(s sound) sound {
	switch s {
	case sK:
		return sNG
	case sT:
		return sN
	case sP:
		return sM
	}
	return s
}

// soundOfLeft is the sound of the consonant a double final leaves behind.
func soundOfLeft(fin int) sound {
	switch fin {
	case fG:
		return sK
	case fN:
		return sN
	case fL:
		return sL
	case fB:
		return sP
	}
	return sNone
}

// Limits on one ReadingAids call: a page of messages' text nodes.
const (
	maxTexts     = 500
	maxTextBytes = 64 << 10
)

// ForTexts gives the reading segments of each text in the language: furigana
// for Japanese, romanisation for Korean, none for English (whose readings
// the learner gets by tapping a word).
func ForTexts(language string, texts []string) ([][]Segment, error) {
	if len(texts) > maxTexts {
		return nil, apperr.Field(apperr.InputTooLong, "texts", "too many texts at once")
	}
	out := make([][]Segment, len(texts))
	for i, t := range texts {
		if len(t) > maxTextBytes {
			return nil, apperr.Field(apperr.InputTooLong, "texts", "a text is too long")
		}
		switch language {
		case "ja":
			segs, err := Furigana(t)
			if err != nil {
				return nil, apperr.Wrap(apperr.Internal, err, "the Japanese dictionary did not load")
			}
			out[i] = segs
		case "ko":
			out[i] = RomanizeKorean(t)
		case "en":
			out[i] = []Segment{{Text: t}}
		default:
			return nil, apperr.Field(apperr.InputInvalid, "language", "the language is ko, en or ja")
		}
	}
	return out, nil
}
