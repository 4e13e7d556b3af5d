package room

// presets are the ready-made situations, one per everyday scene a learner is
// likely to meet. Each text is written for its language, not translated word
// for word, so it reads naturally when the form is filled in that language.
var presets = []Preset{
	{
		ID: "cafe", Emoji: "☕\ufe0f", Level: "A2", Formality: FormalityPolite,
		Titles: Localized{Ko: "카페에서 주문하기", En: "Ordering at a café", Ja: "カフェで注文する"},
		Situations: Localized{
			Ko: "아침에 붐비는 동네 카페에 들어가 음료와 먹을 것을 주문합니다. 바리스타가 사이즈와 우유 종류, 매장에서 드실지 포장하실지를 묻습니다.",
			En: "You walk into a busy neighbourhood café in the morning and order a drink and something to eat. The barista asks about size, milk and whether it's for here or to go.",
			Ja: "朝、混み合った近所のカフェに入り、飲み物と軽食を注文します。店員がサイズやミルクの種類、店内で召し上がるかお持ち帰りかを尋ねます。",
		},
		MyRoles: Localized{Ko: "손님", En: "Customer", Ja: "客"},
		AIRoles: Localized{Ko: "바리스타", En: "Barista", Ja: "カフェの店員"},
		Goals: Localized{
			Ko: "음료와 간식을 공손하게 주문하고 메뉴에 대해 한 가지 질문하기",
			En: "Order a drink and a snack politely and ask one question about the menu",
			Ja: "飲み物と軽食を丁寧に注文し、メニューについて一つ質問する",
		},
	},
	{
		ID: "airport-checkin", Emoji: "✈️", Level: "A2", Formality: FormalityPolite,
		Titles: Localized{Ko: "공항 체크인", En: "Checking in at the airport", Ja: "空港でチェックイン"},
		Situations: Localized{
			Ko: "국제선 출발 두 시간 전, 항공사 카운터에 도착했습니다. 직원이 여권을 확인하고 수하물에 대해 물은 뒤 좌석을 고르게 해 줍니다.",
			En: "You are at the airline counter two hours before an international flight. The agent checks your passport, asks about your luggage and offers you a choice of seat.",
			Ja: "国際線の出発二時間前、航空会社のカウンターに着きました。係員がパスポートを確認し、荷物について尋ねてから、座席を選ばせてくれます。",
		},
		MyRoles: Localized{Ko: "승객", En: "Passenger", Ja: "乗客"},
		AIRoles: Localized{Ko: "항공사 체크인 직원", En: "Airline check-in agent", Ja: "航空会社のチェックイン係"},
		Goals: Localized{
			Ko: "짐을 부치고 창가나 통로 쪽 좌석을 요청한 뒤 탑승 시간과 게이트를 확인하기",
			En: "Check in a suitcase, ask for a window or aisle seat and confirm the boarding time and gate",
			Ja: "スーツケースを預け、窓側か通路側の席を頼んで、搭乗時刻とゲートを確認する",
		},
	},
	{
		ID: "job-interview", Emoji: "💼", Level: "B2", Formality: FormalityPolite,
		Titles: Localized{Ko: "취업 면접", En: "Job interview", Ja: "就職の面接"},
		Situations: Localized{
			Ko: "중견 기업의 한 직무에 지원해 면접을 보고 있습니다. 면접관이 경력과 강점, 약점, 지원 동기를 묻고 마지막으로 궁금한 점이 있는지 묻습니다.",
			En: "You are interviewing for a position at a mid-sized company. The interviewer asks about your experience, your strengths and weaknesses and why you want the job, then invites your questions.",
			Ja: "中堅企業のあるポジションに応募し、面接を受けています。面接官が経歴や長所と短所、志望動機を尋ね、最後に何か質問はないかと聞きます。",
		},
		MyRoles: Localized{Ko: "지원자", En: "Job applicant", Ja: "応募者"},
		AIRoles: Localized{Ko: "채용 담당 면접관", En: "Hiring manager", Ja: "採用担当の面接官"},
		Goals: Localized{
			Ko: "자신을 분명하게 소개하고 업무 경험의 구체적인 예를 하나 들며 팀에 대해 질문하기",
			En: "Introduce yourself clearly, give one concrete example of your work and ask a question about the team",
			Ja: "はっきりと自己紹介し、仕事の具体例を一つ挙げて、チームについて質問する",
		},
	},
	{
		ID: "doctor", Emoji: "🩺", Level: "B1", Formality: FormalityPolite,
		Titles: Localized{Ko: "병원 진료", En: "At the doctor's", Ja: "病院で診察を受ける"},
		Situations: Localized{
			Ko: "이틀째 목이 아프고 열이 나서 동네 의원에 갔습니다. 의사가 증상과 알레르기, 지금 먹고 있는 약에 대해 묻습니다.",
			En: "You have had a sore throat and a fever for two days and see a doctor at a local clinic. The doctor asks about your symptoms, allergies and any medicine you take.",
			Ja: "二日前から喉が痛くて熱があるので、近所のクリニックを受診しました。医師が症状やアレルギー、今飲んでいる薬について尋ねます。",
		},
		MyRoles: Localized{Ko: "환자", En: "Patient", Ja: "患者"},
		AIRoles: Localized{Ko: "의사", En: "Doctor", Ja: "医師"},
		Goals: Localized{
			Ko: "증상과 언제부터 아팠는지 설명하고 약 먹는 방법을 이해하기",
			En: "Describe your symptoms and how long you have had them, and understand how to take the medicine",
			Ja: "症状といつからかを説明し、薬の飲み方を理解する",
		},
	},
	{
		ID: "hotel", Emoji: "🏨", Level: "A2", Formality: FormalityPolite,
		Titles: Localized{Ko: "호텔 체크인", En: "Hotel check-in", Ja: "ホテルのチェックイン"},
		Situations: Localized{
			Ko: "긴 여행 끝에 저녁 늦게 호텔에 도착했습니다. 프런트 직원이 예약을 찾았지만 객실 종류가 예약한 것과 다릅니다.",
			En: "You arrive at your hotel late in the evening after a long trip. The receptionist finds your booking, but the room type is not the one you reserved.",
			Ja: "長旅のあと、夜遅くにホテルに着きました。フロント係が予約を見つけてくれましたが、部屋のタイプが予約したものと違います。",
		},
		MyRoles: Localized{Ko: "투숙객", En: "Guest", Ja: "宿泊客"},
		AIRoles: Localized{Ko: "호텔 프런트 직원", En: "Hotel receptionist", Ja: "ホテルのフロント係"},
		Goals: Localized{
			Ko: "체크인하면서 객실 문제를 정중하게 해결하고 조식과 와이파이에 대해 묻기",
			En: "Check in, politely sort out the room problem and ask about breakfast and Wi-Fi",
			Ja: "チェックインし、部屋の問題を丁寧に解決して、朝食とWi-Fiについて尋ねる",
		},
	},
	{
		ID: "directions", Emoji: "🗺️", Level: "A1", Formality: FormalityPolite,
		Titles: Localized{Ko: "길 묻기", En: "Asking for directions", Ja: "道を尋ねる"},
		Situations: Localized{
			Ko: "낯선 동네에서 길을 잃었는데 가장 가까운 지하철역에 가야 합니다. 지나가는 현지 주민에게 길을 묻습니다.",
			En: "You are lost in an unfamiliar part of the city and need to get to the nearest subway station. You stop a local passer-by to ask the way.",
			Ja: "知らない街で道に迷い、一番近い駅に行かなければなりません。通りがかりの地元の人に道を尋ねます。",
		},
		MyRoles: Localized{Ko: "여행자", En: "Tourist", Ja: "旅行者"},
		AIRoles: Localized{Ko: "지나가던 현지 주민", En: "Local passer-by", Ja: "通りがかりの地元の人"},
		Goals: Localized{
			Ko: "길을 묻고 설명을 알아들은 뒤 걸어서 얼마나 걸리는지 확인하기",
			En: "Ask the way, follow the directions and check how long the walk takes",
			Ja: "道を尋ねて説明を聞き取り、歩いて何分かかるか確認する",
		},
	},
	{
		ID: "shopping", Emoji: "🛍️", Level: "A2", Formality: FormalityPolite,
		Titles: Localized{Ko: "옷 가게에서 쇼핑하기", En: "Shopping for clothes", Ja: "洋服の買い物"},
		Situations: Localized{
			Ko: "옷 가게에서 재킷을 고르고 있습니다. 다른 사이즈와 색상이 필요하고, 입어 보고 싶고, 할인이 되는지도 궁금합니다.",
			En: "You are in a clothes shop looking for a jacket. You need a different size and colour, want to try it on and wonder whether there is a discount.",
			Ja: "洋服店でジャケットを探しています。別のサイズと色が欲しく、試着もしたいし、割引があるかどうかも気になります。",
		},
		MyRoles: Localized{Ko: "손님", En: "Shopper", Ja: "買い物客"},
		AIRoles: Localized{Ko: "매장 직원", En: "Shop assistant", Ja: "店員"},
		Goals: Localized{
			Ko: "사이즈와 색상을 물어보고 재킷을 입어 본 뒤 가격과 교환·환불 규정을 묻기",
			En: "Ask for a size and colour, try the jacket on and ask about the price and the return policy",
			Ja: "サイズと色を尋ね、ジャケットを試着して、値段と返品のルールを聞く",
		},
	},
	{
		ID: "restaurant", Emoji: "🍽️", Level: "A2", Formality: FormalityPolite,
		Titles: Localized{Ko: "식당에서 주문하기", En: "At a restaurant", Ja: "レストランで"},
		Situations: Localized{
			Ko: "인기 있는 식당에 두 명이 자리를 잡았습니다. 직원이 주문을 받는데 나는 음식 알레르기가 있고, 식사가 끝나면 계산을 부탁합니다.",
			En: "You have a table for two at a popular restaurant. The server takes your order, you have a food allergy, and at the end you ask for the bill.",
			Ja: "人気のレストランで二人席に案内されました。店員が注文を取りますが、あなたには食物アレルギーがあり、食後にはお会計を頼みます。",
		},
		MyRoles: Localized{Ko: "손님", En: "Diner", Ja: "客"},
		AIRoles: Localized{Ko: "식당 직원", En: "Server", Ja: "ホールスタッフ"},
		Goals: Localized{
			Ko: "메뉴를 추천받고 알레르기를 설명한 뒤 주문하고 계산하기",
			En: "Ask for a recommendation, explain your allergy, order a meal and pay the bill",
			Ja: "おすすめを聞き、アレルギーを説明して注文し、会計を済ませる",
		},
	},
	{
		ID: "phone-call", Emoji: "📞", Level: "B1", Formality: FormalityPolite,
		Titles: Localized{Ko: "전화로 예약하기", En: "Booking by phone", Ja: "電話で予約する"},
		Situations: Localized{
			Ko: "다음 주 진료를 예약하려고 치과에 전화를 겁니다. 접수 직원이 이름과 전화번호, 원하는 시간을 묻지만 처음 원한 시간은 이미 예약이 찼습니다.",
			En: "You call a dental clinic to book an appointment for next week. The receptionist asks for your name, phone number and a time that suits you, but your first choice is taken.",
			Ja: "来週の予約を取るために歯医者に電話をかけます。受付の人が名前と電話番号、希望の時間を尋ねますが、第一希望の時間はもう埋まっています。",
		},
		MyRoles: Localized{Ko: "전화를 건 사람", En: "Caller", Ja: "電話をかける人"},
		AIRoles: Localized{Ko: "치과 접수 직원", En: "Clinic receptionist", Ja: "歯科医院の受付"},
		Goals: Localized{
			Ko: "예약을 잡으면서 다른 시간으로 조율하고 이름을 정확히 전달하기",
			En: "Book an appointment, agree on another time and spell your name clearly",
			Ja: "予約を取り、別の時間で調整して、名前を正確に伝える",
		},
	},
	{
		ID: "meeting-friend", Emoji: "👋", Level: "A2", Formality: FormalityCasual,
		Titles: Localized{Ko: "친구 만나기", En: "Meeting a friend", Ja: "友だちに会う"},
		Situations: Localized{
			Ko: "몇 달 동안 못 본 친구를 길에서 우연히 마주쳤습니다. 그동안 어떻게 지냈는지 이야기를 나누고 주말 약속을 잡습니다.",
			En: "You bump into a friend you haven't seen for a few months. You catch up on what you've both been doing and make plans for the weekend.",
			Ja: "数か月会っていなかった友だちに道でばったり会いました。お互いの近況を話して、週末の予定を立てます。",
		},
		MyRoles: Localized{Ko: "나", En: "Myself", Ja: "自分"},
		AIRoles: Localized{Ko: "오랜 친구", En: "An old friend", Ja: "昔からの友だち"},
		Goals: Localized{
			Ko: "자연스럽게 대화하며 되묻기도 하고 만날 시간과 장소를 정하기",
			En: "Chat naturally, ask follow-up questions and agree on a time and place to meet",
			Ja: "自然に話し、相手にも聞き返しながら、会う時間と場所を決める",
		},
	},
	{
		ID: "school", Emoji: "🏫", Level: "B1", Formality: FormalityPolite,
		Titles: Localized{Ko: "선생님께 상담하기", En: "Talking to a teacher", Ja: "先生に相談する"},
		Situations: Localized{
			Ko: "아파서 과제 마감을 놓치는 바람에 수업이 끝난 뒤 선생님을 찾아갔습니다. 마감 연장을 부탁하고 결석한 동안 배운 내용을 확인하고 싶습니다.",
			En: "After class you go to see your teacher because you missed an assignment deadline while you were ill. You want to ask for an extension and check what you missed.",
			Ja: "病気で課題の締め切りに間に合わなかったので、授業のあとで先生に会いに行きます。締め切りの延長をお願いし、休んでいた間の内容を確認したいです。",
		},
		MyRoles: Localized{Ko: "학생", En: "Student", Ja: "学生"},
		AIRoles: Localized{Ko: "담당 선생님", En: "Teacher", Ja: "担当の先生"},
		Goals: Localized{
			Ko: "사정을 설명하고 정중하게 마감 연장을 부탁하며 무엇을 공부해야 할지 알아보기",
			En: "Explain what happened, ask politely for an extension and find out what to study",
			Ja: "事情を説明し、丁寧に延長をお願いして、何を勉強すればいいか確かめる",
		},
	},
	{
		ID: "business-meeting", Emoji: "📊", Level: "B2", Formality: FormalityPolite,
		Titles: Localized{Ko: "비즈니스 회의", En: "Business meeting", Ja: "ビジネスの打ち合わせ"},
		Situations: Localized{
			Ko: "지연된 프로젝트를 논의하려고 협력사 부장님과 회의를 합니다. 지연 원인을 설명하고 새 일정을 제안하며 다음 단계를 합의해야 합니다.",
			En: "You meet a manager from a partner company to discuss a delayed project. You need to explain the cause, propose a new schedule and agree on next steps.",
			Ja: "遅れているプロジェクトについて話し合うため、取引先の部長と打ち合わせをします。遅れの原因を説明し、新しいスケジュールを提案して、次のステップを決めなければなりません。",
		},
		MyRoles: Localized{Ko: "프로젝트 책임자", En: "Project lead", Ja: "プロジェクトリーダー"},
		AIRoles: Localized{Ko: "협력사 부장", En: "Partner company manager", Ja: "取引先の部長"},
		Goals: Localized{
			Ko: "누구도 탓하지 않고 지연을 설명하고 새 마감일을 제안한 뒤 합의 내용을 정리하기",
			En: "Explain the delay without blaming anyone, propose a new deadline and sum up what was agreed",
			Ja: "誰も責めずに遅れを説明し、新しい締め切りを提案して、合意した内容をまとめる",
		},
	},
}
