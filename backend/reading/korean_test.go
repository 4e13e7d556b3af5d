package reading

import "testing"

// Golden romanisations by the Revised Romanization of Korean, as the words
// are pronounced in the standard language. Tensification is not written
// (학교 hakgyo), as the rules say.
var koreanGolden = []struct{ in, want string }{
	{"안녕하세요", "annyeonghaseyo"},
	{"감사합니다", "gamsahamnida"},
	{"같이 가요", "gachi gayo"},
	{"신라", "silla"},
	{"종로", "jongno"},
	{"읽다", "ikda"},
	{"닭", "dak"},
	{"닭이 울어요", "dalgi ureoyo"},
	{"책을 읽어요", "chaegeul ilgeoyo"},
	{"읽고 싶어요", "ilgo sipeoyo"},
	{"닭고기", "dakgogi"},
	{"읽는 중이에요", "ingneun jungieyo"},
	{"값이 비싸요", "gapsi bissayo"},
	{"여기 앉으세요", "yeogi anjeuseyo"},
	{"좋아요", "joayo"},
	{"좋고 싫고", "joko silko"},
	{"좋습니다", "josseumnida"},
	{"많이 드세요", "mani deuseyo"},
	{"않아요", "anayo"},
	{"싫어요", "sireoyo"},
	{"밥을 먹는 사람", "babeul meongneun saram"},
	{"백리", "baengni"},
	{"설날", "seollal"},
	{"심리", "simni"},
	{"국물", "gungmul"},
	{"학교에 가요", "hakgyoe gayo"},
	{"굳이", "guji"},
	{"해돋이", "haedoji"},
	{"놓는", "nonneun"},
	{"시간 있어요?", "sigan isseoyo?"},
	{"밖에 나가요", "bakke nagayo"},
	{"여덟 시", "yeodeol si"},
	{"밟다", "bapda"},
	{"넓다", "neolda"},
	{"삶", "sam"},
	{"몫이", "moksi"},
	{"앉다", "anda"},
	{"맑게 개었어요", "malge gaeeosseoyo"},
	{"별로예요", "byeolloyeyo"},
	{"전화 주세요", "jeonhwa juseyo"},
	{"생일 축하해요", "saengil chukhahaeyo"},
	{"입학", "iphak"},
	{"커피 두 잔 주세요.", "keopi du jan juseyo."},
	{"김민수 씨, 안녕하세요!", "gimminsu ssi, annyeonghaseyo!"},
	{"한국어를 배워요", "hangugeoreul baewoyo"},
	{"일본어", "ilboneo"},
	{"영어", "yeongeo"},
	{"독립", "dongnip"},
	{"협력", "hyeomnyeok"},
	{"정말 맛있어요", "jeongmal masisseoyo"},
	{"괜찮아요", "gwaenchanayo"},
	{"괜찮습니다", "gwaenchansseumnida"},
	{"3시에 만나요", "3sie mannayo"},
	{"오늘 날씨가 좋네요", "oneul nalssiga jonneyo"},
	{"이름이 뭐예요?", "ireumi mwoyeyo?"},
	{"저는 학생입니다.", "jeoneun haksaengimnida."},
	{"물 한 잔 주세요", "mul han jan juseyo"},
	{"맞아요", "majayo"},
	{"몇 시예요?", "myeot siyeyo?"},
	{"꽃이 예뻐요", "kkochi yeppeoyo"},
	{"부엌에서 요리해요", "bueokeseo yorihaeyo"},
	{"잎이 떨어져요", "ipi tteoreojyeoyo"},
	{"밥 먹었어요?", "bap meogeosseoyo?"},
	{"흙", "heuk"},
	{"끝이 났어요", "kkeuchi nasseoyo"},
	{"편지를 받아요", "pyeonjireul badayo"},
	{"낮에 만나요", "naje mannayo"},
	{"좋은 아침", "joeun achim"},
	{"어디에 가요?", "eodie gayo?"},
	{"이수진 선생님", "isujin seonsaengnim"},
	{"박지성", "bakjiseong"},
	{"2024년 5월", "2024nyeon 5wol"},
	{"Wi-Fi 비밀번호", "Wi-Fi bimilbeonho"},
}

func TestKoreanRomanisationFollowsPronunciation(t *testing.T) {
	if len(koreanGolden) < 50 {
		t.Fatalf("only %d golden sentences", len(koreanGolden))
	}
	for _, c := range koreanGolden {
		if got := RomanizeKoreanText(c.in); got != c.want {
			t.Errorf("%s → %q, want %q", c.in, got, c.want)
		}
	}
}

func TestKoreanSegmentsKeepTheTextForCopy(t *testing.T) {
	segs := RomanizeKorean("같이 가요, 3시!")
	var text string
	for _, s := range segs {
		text += s.Text
	}
	if text != "같이 가요, 3시!" {
		t.Errorf("text = %q", text)
	}
	if segs[0] != (Segment{Text: "같이", Reading: "gachi"}) || segs[1] != (Segment{Text: " "}) {
		t.Errorf("segments = %+v", segs)
	}
}

func TestForTextsPicksTheAidOfTheLanguage(t *testing.T) {
	got, err := ForTexts("ko", []string{"신라", "!"})
	if err != nil || got[0][0].Reading != "silla" || got[1][0].Reading != "" {
		t.Errorf("ko = %+v, %v", got, err)
	}
	got, err = ForTexts("ja", []string{"大人"})
	if err != nil || got[0][0] != (Segment{Text: "大人", Reading: "おとな"}) {
		t.Errorf("ja = %+v, %v", got, err)
	}
	if got, _ := ForTexts("en", []string{"water"}); got[0][0].Reading != "" {
		t.Errorf("en = %+v", got)
	}
	if _, err := ForTexts("fr", []string{"eau"}); err == nil {
		t.Error("fr accepted")
	}
	if _, err := ForTexts("ko", make([]string, maxTexts+1)); err == nil {
		t.Error("too many texts accepted")
	}
}
