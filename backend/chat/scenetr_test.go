package chat

import (
	"context"
	"strings"
	"testing"

	"parley/backend/apperr"
	"parley/backend/llm/fakeopenai"
	"parley/backend/room"
	"parley/backend/userdata"
)

var seoulCafe = room.RoomInput{
	Language: "ko", Level: "A1", Situation: "서울의 작은 카페에서 커피를 주문합니다.",
	MyRole: "손님", AIRole: "바리스타", Goal: "라테 주문하기",
}

const cafeInEnglish = `{"situation": "You order coffee at a small café in Seoul.", "myRole": "Customer", "aiRole": "Barista", "goal": "Order a latte"}`

func TestTheSceneIsTranslatedOnceAndKeptUntilItChanges(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(seoulCafe)
	ctx := context.Background()
	h.fake.Script(fakeopenai.Behavior{Reply: "```json\n" + cafeInEnglish + "\n```", Usage: &fakeopenai.Usage{PromptTokens: 120, CompletionTokens: 40}})
	got, err := h.chat.TranslateScene(ctx, h.scope, id, "en")
	if err != nil {
		t.Fatal(err)
	}
	want := SceneTranslation{Language: "en", Situation: "You order coffee at a small café in Seoul.", MyRole: "Customer", AIRole: "Barista", Goal: "Order a latte"}
	if got != want {
		t.Fatalf("translation %+v, want %+v", got, want)
	}
	// The scene is data in the user message, never in the instructions.
	req := h.lastChat()
	if len(req.Messages) != 2 || strings.Contains(req.Messages[0].Content, "카페") || !strings.Contains(req.Messages[1].Content, "카페") ||
		!strings.Contains(req.Messages[0].Content, "from Korean into English") {
		t.Fatalf("request %s", jsonOf(req.Messages))
	}
	if u, _ := h.chat.RoomUsage(h.scope, id); u.PromptTokens != 120 || u.CompletionTokens != 40 {
		t.Fatalf("the translation's cost is not in the room's usage: %+v", u)
	}

	// Asked again (another log-in, another window), it comes from the cache.
	n := len(h.fake.Requests())
	if again, err := h.chat.TranslateScene(ctx, h.scope, id, "en"); err != nil || again != want {
		t.Fatalf("cached: %+v, %v", again, err)
	}
	if len(h.fake.Requests()) != n {
		t.Fatal("a cached translation was asked for again")
	}
	// The room's own language needs no translation.
	if orig, err := h.chat.TranslateScene(ctx, h.scope, id, "ko"); err != nil || !orig.Original || orig.Situation != seoulCafe.Situation {
		t.Fatalf("own language: %+v, %v", orig, err)
	}
	if len(h.fake.Requests()) != n {
		t.Fatal("the room's own language was sent for translation")
	}

	// An edited scene is translated again.
	edited := seoulCafe
	edited.Situation = "부산의 카페에서 커피를 주문합니다."
	if _, err := h.rooms.Update(h.scope, id, edited); err != nil {
		t.Fatal(err)
	}
	h.fake.Script(fakeopenai.Behavior{Reply: strings.Replace(cafeInEnglish, "Seoul", "Busan", 1)})
	if tr, err := h.chat.TranslateScene(ctx, h.scope, id, "en"); err != nil || !strings.Contains(tr.Situation, "Busan") {
		t.Fatalf("after an edit: %+v, %v", tr, err)
	}

	// A room deleted for good takes its translations with it.
	if err := h.rooms.Delete(h.scope, []string{id}); err != nil {
		t.Fatal(err)
	}
	if err := h.rooms.EmptyTrash(h.scope); err != nil {
		t.Fatal(err)
	}
	_ = h.scope.View(func(tx *userdata.Tx) error {
		b, _ := tx.Bucket(bucketSceneTr)
		if b == nil {
			return nil
		}
		var c sceneCache
		if found, _ := b.Get(sceneTrKey(id, "en"), &c); found {
			t.Error("a purged room's translation is still stored")
		}
		return nil
	})
}

func TestAnUnreadableTranslationIsAnErrorAndNotKept(t *testing.T) {
	h := newHarness(t)
	id := h.newRoom(seoulCafe)
	ctx := context.Background()
	for _, reply := range []string{"Sorry, I cannot help.", `{"situation": "", "myRole": "a", "aiRole": "b"}`} {
		h.fake.Script(fakeopenai.Behavior{Reply: reply})
		if _, err := h.chat.TranslateScene(ctx, h.scope, id, "ja"); apperr.CodeOf(err) != apperr.LLMMalformed {
			t.Fatalf("reply %q: %v, want %s", reply, err, apperr.LLMMalformed)
		}
	}
	h.fake.Script(fakeopenai.Behavior{Reply: `{"situation": "ソウルの小さなカフェで注文します。", "myRole": "客", "aiRole": "バリスタ", "goal": "ラテを注文する"}`})
	if tr, err := h.chat.TranslateScene(ctx, h.scope, id, "ja"); err != nil || tr.AIRole != "バリスタ" {
		t.Fatalf("after failures: %+v, %v", tr, err)
	}
	if _, err := h.chat.TranslateScene(ctx, h.scope, id, "fr"); apperr.CodeOf(err) != apperr.InputInvalid {
		t.Fatalf("an unknown language: %v", err)
	}
	if _, err := h.chat.TranslateScene(ctx, h.scope, "0123456789abcdef", "en"); apperr.CodeOf(err) != apperr.RoomNotFound {
		t.Fatalf("a room that is not there: %v", err)
	}
}

func TestARunawayTranslationIsCut(t *testing.T) {
	long := strings.Repeat("very ", 500)
	tr, err := parseSceneTranslation(`{"situation": "`+long+`", "myRole": "Customer\n\u202e", "aiRole": "Barista", "goal": "x"}`,
		room.Room{RoomInput: room.RoomInput{Situation: "짧은 상황", MyRole: "손님", AIRole: "바리스타"}})
	if err != nil {
		t.Fatal(err)
	}
	if n := len([]rune(tr.Situation)); n > 40 {
		t.Errorf("situation kept %d characters", n)
	}
	if tr.MyRole != "Customer" || tr.Goal != "" {
		t.Errorf("roles %q, goal %q (the source has no goal)", tr.MyRole, tr.Goal)
	}
}
