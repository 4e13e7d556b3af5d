package search_test

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"parley/backend/account"
	"parley/backend/apperr"
	"parley/backend/chat"
	"parley/backend/core"
	"parley/backend/room"
	"parley/backend/search"
	"parley/backend/userdata"
	"parley/backend/vault"
)

func openCore(tb testing.TB) *core.Core {
	tb.Helper()
	c, err := core.Open(filepath.Join(tb.TempDir(), "parley.db"), core.Options{Params: vault.TestParams()})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = c.Close() })
	return c
}

func signUp(tb testing.TB, c *core.Core, name string) *userdata.Scope {
	tb.Helper()
	if _, err := c.Accounts().SignUp(account.SignUpRequest{Username: name, Password: "correct horse battery"}); err != nil {
		tb.Fatal(err)
	}
	s, err := c.Scope()
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func newRoom(tb testing.TB, c *core.Core, s *userdata.Scope, title, lang string) string {
	tb.Helper()
	r, err := c.Rooms().Create(s, room.RoomInput{Title: title, Language: lang, Level: "A2", Situation: "Ordering at a café",
		MyRole: "customer", AIRole: "barista", Formality: "polite"})
	if err != nil {
		tb.Fatal(err)
	}
	return r.ID
}

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// say appends lines to a room, alternating learner and AI, a minute apart.
func say(tb testing.TB, c *core.Core, s *userdata.Scope, roomID string, at time.Time, lines ...string) {
	tb.Helper()
	msgs := make([]chat.Message, len(lines))
	for i, l := range lines {
		role := chat.RoleUser
		if i%2 == 1 {
			role = chat.RoleAssistant
		}
		msgs[i] = chat.Message{Role: role, Text: l, CreatedAt: at.Add(time.Duration(i) * time.Minute)}
	}
	if err := c.Chat().AppendMessages(s, roomID, msgs); err != nil {
		tb.Fatal(err)
	}
}

func find(t *testing.T, c *core.Core, s *userdata.Scope, req search.Request) search.Result {
	t.Helper()
	res, err := c.Search().Search(s, req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func hitIDs(res search.Result) []string {
	var out []string
	for _, r := range res.Rooms {
		for _, h := range r.Hits {
			out = append(out, fmt.Sprintf("%s/%d", r.Title, h.MessageID))
		}
	}
	return out
}

func marked(h search.Hit) string {
	var b strings.Builder
	for _, p := range h.Snippet {
		if p.Match {
			b.WriteString("[" + p.Text + "]")
		} else {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

func TestSearchFindsWordsInEveryRoomNewestFirstGroupedByRoom(t *testing.T) {
	c := openCore(t)
	s := signUp(t, c, "mina")
	cafe := newRoom(t, c, s, "Café", "en")
	hotel := newRoom(t, c, s, "Hotel", "en")
	say(t, c, s, cafe, t0, "Could I have a Flat White, please?", "Of course. Anything else?", "A slice of lemon cake.")
	say(t, c, s, hotel, t0.Add(time.Hour), "Is breakfast included?", "Yes, and we serve flat white coffee until ten.")

	res := find(t, c, s, search.Request{Query: "flat WHITE"})
	if got := hitIDs(res); strings.Join(got, " ") != "Hotel/2 Café/1" || res.Total != 2 {
		t.Fatalf("hits %v (total %d), want the hotel's newer reply first, then the café line", got, res.Total)
	}
	if got := marked(res.Rooms[1].Hits[0]); got != "Could I have a [Flat] [White], please?" {
		t.Fatalf("snippet %q", got)
	}
	if res.Rooms[1].Hits[0].Role != chat.RoleUser || res.Rooms[0].Language != "en" {
		t.Fatalf("hit details: %+v", res.Rooms)
	}
	if res := find(t, c, s, search.Request{Query: "flat cake"}); res.Total != 0 {
		t.Fatalf("every word must be in the same message: %v", hitIDs(res))
	}
}

func TestKoreanAndJapaneseMatchInsideWordsWithoutSpaces(t *testing.T) {
	c := openCore(t)
	s := signUp(t, c, "mina")
	ko := newRoom(t, c, s, "카페", "ko")
	ja := newRoom(t, c, s, "喫茶店", "ja")
	say(t, c, s, ko, t0, "아이스아메리카노한잔주세요", "네, 따뜻한 라떼도 있어요.")
	say(t, c, s, ja, t0, "アイスコーヒーをください", "かしこまりました。")

	if got := hitIDs(find(t, c, s, search.Request{Query: "아메리카노"})); strings.Join(got, " ") != "카페/1" {
		t.Fatalf("Korean inside a word: %v", got)
	}
	res := find(t, c, s, search.Request{Query: "コーヒー"})
	if got := hitIDs(res); strings.Join(got, " ") != "喫茶店/1" {
		t.Fatalf("Japanese inside a word: %v", got)
	}
	if got := marked(res.Rooms[0].Hits[0]); got != "アイス[コーヒー]をください" {
		t.Fatalf("snippet %q", got)
	}
}

func TestLanguageFilterAndTrashedRooms(t *testing.T) {
	c := openCore(t)
	s := signUp(t, c, "mina")
	en := newRoom(t, c, s, "Café", "en")
	ja := newRoom(t, c, s, "喫茶店", "ja")
	gone := newRoom(t, c, s, "Old café", "en")
	say(t, c, s, en, t0, "latte please")
	say(t, c, s, ja, t0, "ラテ、latte をください")
	say(t, c, s, gone, t0, "a latte to go")
	if err := c.Rooms().Delete(s, []string{gone}); err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(find(t, c, s, search.Request{Query: "latte", Language: "ja"})); strings.Join(got, " ") != "喫茶店/1" {
		t.Fatalf("only Japanese rooms: %v", got)
	}
	if res := find(t, c, s, search.Request{Query: "latte"}); res.Total != 2 {
		t.Fatalf("a room in the trash is not searched: %v", hitIDs(res))
	}
}

func TestIndexFollowsNewAndEditedMessagesAndIsDroppedAtLogOut(t *testing.T) {
	c := openCore(t)
	s := signUp(t, c, "mina")
	cafe := newRoom(t, c, s, "Café", "en")
	say(t, c, s, cafe, t0, "a cappuccino please")
	if res := find(t, c, s, search.Request{Query: "espresso"}); res.Total != 0 {
		t.Fatal("nothing to find yet")
	}
	if c.Search().Stats().Messages != 1 {
		t.Fatalf("index after the first search: %+v", c.Search().Stats())
	}
	say(t, c, s, cafe, t0.Add(time.Hour), "an espresso too")
	if got := hitIDs(find(t, c, s, search.Request{Query: "espresso"})); strings.Join(got, " ") != "Café/2" {
		t.Fatalf("a line added after the index was built: %v", got)
	}
	// Editing the last line (chat's own edit) replaces what is found.
	if _, err := c.Chat().EditLastMessage(s, cafe, "a ristretto instead"); err != nil {
		t.Fatal(err)
	}
	if res := find(t, c, s, search.Request{Query: "espresso"}); res.Total != 0 {
		t.Fatalf("the edited-away text is still found: %v", hitIDs(res))
	}
	if got := hitIDs(find(t, c, s, search.Request{Query: "ristretto"})); strings.Join(got, " ") != "Café/2" {
		t.Fatalf("the edited text: %v", got)
	}
	_ = c.Chat().StopReply(s, cafe)
	if err := c.Accounts().LogOut(); err != nil {
		t.Fatal(err)
	}
	if st := c.Search().Stats(); st.Messages != 0 || st.Bytes != 0 {
		t.Fatalf("the index outlived the session: %+v", st)
	}
}

func TestAnotherUserNeverSeesMyMessages(t *testing.T) {
	c := openCore(t)
	s := signUp(t, c, "ann")
	say(t, c, s, newRoom(t, c, s, "Secret", "en"), t0, "my secret pancake recipe")
	if res := find(t, c, s, search.Request{Query: "pancake"}); res.Total != 1 {
		t.Fatal("ann finds her line")
	}
	_ = c.Accounts().LogOut()
	bob := signUp(t, c, "bob")
	if res := find(t, c, bob, search.Request{Query: "pancake"}); res.Total != 0 || len(res.Rooms) != 0 {
		t.Fatalf("bob finds ann's line: %+v", res)
	}
}

func TestTooLongQueryIsRefused(t *testing.T) {
	c := openCore(t)
	s := signUp(t, c, "mina")
	_, err := c.Search().Search(s, search.Request{Query: strings.Repeat("a", search.MaxQueryLen+1)})
	if apperr.CodeOf(err) != apperr.InputInvalid {
		t.Fatalf("got %v", err)
	}
}

func TestPageAroundAMessage(t *testing.T) {
	c := openCore(t)
	s := signUp(t, c, "mina")
	id := newRoom(t, c, s, "Café", "en")
	lines := make([]string, 200)
	for i := range lines {
		lines[i] = fmt.Sprintf("line %d", i+1)
	}
	say(t, c, s, id, t0, lines...)
	p, err := c.Chat().ListMessagesAround(s, id, 100, 30)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Messages) != 30 || p.Messages[0].ID != 85 || p.Messages[29].ID != 114 || !p.HasMore || !p.HasNewer {
		t.Fatalf("page around 100: %d messages %d..%d more=%v newer=%v", len(p.Messages), p.Messages[0].ID, p.Messages[len(p.Messages)-1].ID, p.HasMore, p.HasNewer)
	}
	p, _ = c.Chat().ListMessagesAround(s, id, 199, 30)
	if p.Messages[len(p.Messages)-1].ID != 200 || p.HasNewer || len(p.Messages) != 17 {
		t.Fatalf("near the end: %d messages, last %d, newer=%v", len(p.Messages), p.Messages[len(p.Messages)-1].ID, p.HasNewer)
	}
	if _, err := c.Chat().ListMessagesAround(s, id, 999, 30); apperr.CodeOf(err) != apperr.MessageNotFound {
		t.Fatalf("a message that is not there: %v", err)
	}
}

// seed fills rooms with n messages in total, a realistic mix of English,
// Korean and Japanese lines, through chat's own AppendMessages.
func seed(tb testing.TB, c *core.Core, s *userdata.Scope, n int) {
	tb.Helper()
	lines := []string{
		"Could I have a flat white and a slice of lemon cake, please? I'd like to sit by the window if there's a free table.",
		"Of course! One flat white and a lemon cake. The window table is free — I'll bring everything over in a few minutes.",
		"아이스 아메리카노 한 잔이랑 치즈케이크 하나 주세요. 포장해 갈게요.",
		"네, 아이스 아메리카노 한 잔과 치즈케이크 하나 포장이시죠? 결제는 카드로 하시겠어요?",
		"すみません、駅までの道を教えていただけますか。初めてこの町に来たので迷ってしまいました。",
		"はい、この道をまっすぐ行って、二つ目の信号を右に曲がると駅が見えますよ。",
	}
	const rooms, batch = 20, 2000
	ids := make([]string, rooms)
	for i := range ids {
		ids[i] = newRoom(tb, c, s, fmt.Sprintf("Room %d", i), []string{"en", "ko", "ja"}[i%3])
	}
	for done := 0; done < n; done += batch {
		msgs := make([]chat.Message, 0, batch)
		for i := done; i < min(done+batch, n); i++ {
			role := chat.RoleUser
			if i%2 == 1 {
				role = chat.RoleAssistant
			}
			msgs = append(msgs, chat.Message{Role: role, Text: fmt.Sprintf("%s (%d)", lines[i%len(lines)], i), CreatedAt: t0.Add(time.Duration(i) * time.Minute)})
		}
		if err := c.Chat().AppendMessages(s, ids[(done/batch)%rooms], msgs); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkSearch reports, from a store seeded through chat's own
// AppendMessages: the first search when no index is built (it builds it
// from the store on every core: first-ms, first-cpu-ms), the first search
// issued right after log-in (it waits for the build log-in started on one
// core: login-first-ms), the build log-in starts (login-build-ms), the
// build alone on one core against first-ms's two (build-1core-ms), later
// searches (ns/op), and the index's memory.
func BenchmarkSearch(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("messages=%d", n), func(b *testing.B) {
			c := openCore(b)
			s := signUp(b, c, "bench")
			seed(b, c, s, n)
			queries := []string{"lemon cake", "아메리카노", "信号を右", "window table", "결제"}
			const rounds = 3
			var first, firstCPU, loginFirst, loginBuild, oneCore time.Duration
			var heapBefore, heapAfter runtime.MemStats
			var allocated uint64 // bytes allocated by the first searches
			for i := 0; i < rounds; i++ {
				// Log-in starts a build; a search right away waits for it.
				_ = c.Accounts().LogOut()
				runtime.GC()
				s = logIn(b, c, "bench")
				start := time.Now()
				if _, err := c.Search().Search(s, search.Request{Query: "lemon cake"}); err != nil {
					b.Fatal(err)
				}
				loginFirst += time.Since(start)
				// The build log-in starts, alone.
				_ = c.Accounts().LogOut()
				runtime.GC()
				start = time.Now()
				s = logIn(b, c, "bench")
				if done := c.Search().BuildDone(); done != nil {
					<-done
				}
				loginBuild += time.Since(start)
				// No index: the search builds it.
				c.Search().Drop()
				runtime.GC()
				runtime.ReadMemStats(&heapBefore)
				start, startCPU := time.Now(), cpuTime()
				if _, err := c.Search().Search(s, search.Request{Query: "lemon cake"}); err != nil {
					b.Fatal(err)
				}
				first += time.Since(start)
				firstCPU += cpuTime() - startCPU
				runtime.ReadMemStats(&heapAfter)
				allocated += heapAfter.TotalAlloc - heapBefore.TotalAlloc
				// The same build on one core, to count what the second one gives.
				c.Search().Drop()
				runtime.GC()
				start = time.Now()
				if err := c.Search().Build(s, 1); err != nil {
					b.Fatal(err)
				}
				oneCore += time.Since(start)
			}
			runtime.GC()
			runtime.ReadMemStats(&heapAfter)
			st := c.Search().Stats()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				res, err := c.Search().Search(s, search.Request{Query: queries[i%len(queries)]})
				if err != nil || res.Total == 0 {
					b.Fatal(err, queries[i%len(queries)])
				}
				i++
			}
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / rounds }
			b.ReportMetric(ms(first), "first-ms")
			b.ReportMetric(ms(firstCPU), "first-cpu-ms")
			b.ReportMetric(ms(oneCore), "build-1core-ms")
			b.ReportMetric(ms(loginFirst), "login-first-ms")
			b.ReportMetric(ms(loginBuild), "login-build-ms")
			b.ReportMetric(float64(st.Bytes)/(1<<20), "index-MiB")
			b.ReportMetric(float64(int64(heapAfter.HeapAlloc)-int64(heapBefore.HeapAlloc))/(1<<20), "heap-growth-MiB")
			b.ReportMetric(float64(allocated)/rounds/(1<<20), "first-alloc-MiB")
		})
	}
}
