package room

// missions are each preset's can-do goals, split out of its goal text so the
// coach can tick them one by one. Keyed by preset id; init attaches them.
var missions = map[string][]Localized{
	"cafe": {
		{Ko: "음료를 사이즈와 함께 주문하기", En: "Order a drink with a size", Ja: "飲み物をサイズと一緒に注文する"},
		{Ko: "간식도 하나 주문하기", En: "Order a snack too", Ja: "軽食も一つ注文する"},
		{Ko: "메뉴에 대해 한 가지 질문하기", En: "Ask one question about the menu", Ja: "メニューについて一つ質問する"},
	},
	"airport-checkin": {
		{Ko: "여행 가방 부치기", En: "Check in a suitcase", Ja: "スーツケースを預ける"},
		{Ko: "창가나 통로 쪽 좌석 요청하기", En: "Ask for a window or aisle seat", Ja: "窓側か通路側の席を頼む"},
		{Ko: "탑승 시간과 게이트 확인하기", En: "Confirm the boarding time and gate", Ja: "搭乗時刻とゲートを確認する"},
	},
	"job-interview": {
		{Ko: "자신을 분명하게 소개하기", En: "Introduce yourself clearly", Ja: "はっきりと自己紹介する"},
		{Ko: "업무 경험의 구체적인 예 하나 들기", En: "Give one concrete example of your work", Ja: "仕事の具体例を一つ挙げる"},
		{Ko: "팀에 대해 질문하기", En: "Ask a question about the team", Ja: "チームについて質問する"},
	},
	"doctor": {
		{Ko: "증상 설명하기", En: "Describe your symptoms", Ja: "症状を説明する"},
		{Ko: "언제부터 아팠는지 말하기", En: "Say how long you have had them", Ja: "いつから具合が悪いか言う"},
		{Ko: "약 먹는 방법 확인하기", En: "Check how to take the medicine", Ja: "薬の飲み方を確認する"},
	},
	"hotel": {
		{Ko: "체크인하기", En: "Check in", Ja: "チェックインする"},
		{Ko: "객실 문제를 공손하게 해결하기", En: "Politely sort out the room problem", Ja: "部屋の問題を丁寧に解決する"},
		{Ko: "아침 식사와 와이파이에 대해 묻기", En: "Ask about breakfast and Wi-Fi", Ja: "朝食とWi-Fiについて尋ねる"},
	},
	"directions": {
		{Ko: "길 묻기", En: "Ask the way", Ja: "道を尋ねる"},
		{Ko: "안내받은 길을 다시 확인하기", En: "Repeat the directions back to check them", Ja: "教わった道順を繰り返して確認する"},
		{Ko: "걸어서 얼마나 걸리는지 묻기", En: "Ask how long the walk takes", Ja: "歩いてどのくらいかかるか尋ねる"},
	},
	"shopping": {
		{Ko: "사이즈와 색깔 묻기", En: "Ask for a size and colour", Ja: "サイズと色を尋ねる"},
		{Ko: "재킷을 입어 봐도 되는지 묻기", En: "Ask to try the jacket on", Ja: "ジャケットを試着していいか聞く"},
		{Ko: "가격과 환불 규정 묻기", En: "Ask about the price and the return policy", Ja: "値段と返品のルールを尋ねる"},
	},
	"restaurant": {
		{Ko: "추천 메뉴 묻기", En: "Ask for a recommendation", Ja: "おすすめを聞く"},
		{Ko: "알레르기 설명하기", En: "Explain your allergy", Ja: "アレルギーを説明する"},
		{Ko: "식사 주문하기", En: "Order a meal", Ja: "食事を注文する"},
		{Ko: "계산하기", En: "Pay the bill", Ja: "会計をする"},
	},
	"phone-call": {
		{Ko: "예약 잡기", En: "Book an appointment", Ja: "予約を取る"},
		{Ko: "다른 시간으로 합의하기", En: "Agree on another time", Ja: "別の時間で合意する"},
		{Ko: "이름 철자를 또박또박 알려 주기", En: "Spell your name clearly", Ja: "名前をはっきり伝える"},
	},
	"meeting-friend": {
		{Ko: "근황 나누기", En: "Catch up on each other's news", Ja: "近況を話す"},
		{Ko: "이어지는 질문하기", En: "Ask a follow-up question", Ja: "話を広げる質問をする"},
		{Ko: "만날 시간과 장소 정하기", En: "Agree on a time and place to meet", Ja: "会う時間と場所を決める"},
	},
	"school": {
		{Ko: "무슨 일이 있었는지 설명하기", En: "Explain what happened", Ja: "何があったか説明する"},
		{Ko: "기한 연장을 공손하게 부탁하기", En: "Ask politely for an extension", Ja: "締め切りの延長を丁寧に頼む"},
		{Ko: "무엇을 공부해야 하는지 알아보기", En: "Find out what to study", Ja: "何を勉強すればいいか確かめる"},
	},
	"business-meeting": {
		{Ko: "누구도 탓하지 않고 지연 설명하기", En: "Explain the delay without blaming anyone", Ja: "誰も責めずに遅れを説明する"},
		{Ko: "새 마감일 제안하기", En: "Propose a new deadline", Ja: "新しい締め切りを提案する"},
		{Ko: "합의한 내용 정리하기", En: "Sum up what was agreed", Ja: "合意した内容をまとめる"},
	},
}

func init() {
	for i := range presets {
		presets[i].Missions = missions[presets[i].ID]
	}
}
