package chat

import (
	"encoding/json"
	"testing"
	"time"
)

// decodeText must read what encoding/json reads, or decline.
func checkDecodeText(t *testing.T, js []byte) {
	t.Helper()
	var scratch []byte
	got, ok := decodeText(js, &scratch)
	var want Message
	if err := json.Unmarshal(js, &want); err != nil {
		if ok && got.ID != 0 && json.Valid(js) {
			t.Fatalf("%s: read as %+v, but encoding/json refuses it: %v", js, got, err)
		}
		return
	}
	if !ok {
		return // declined: the caller decodes it the ordinary way
	}
	if got.ID != want.ID || string(got.Text) != want.Text || got.Assistant != (want.Role == RoleAssistant) || got.CreatedAt != unixNano(want.CreatedAt) {
		t.Fatalf("%s:\n read %d %q assistant=%v %d\n want %d %q role=%q %d", js, got.ID, got.Text, got.Assistant, got.CreatedAt,
			want.ID, want.Text, want.Role, want.CreatedAt.UnixNano())
	}
}

func TestDecodeTextReadsWhatEncodingJSONWrites(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 123456789, time.FixedZone("KST", 9*3600))
	u := &Usage{PromptTokens: 12, CompletionTokens: 34}
	for _, m := range []Message{
		{ID: 1, Role: RoleUser, Text: "Could I have a flat white, please?", Status: StatusDone, CreatedAt: at},
		{ID: 2, Role: RoleAssistant, Text: "Line one\nLine \"two\"\t<b>&amp;</b> \\ / \u2028 \x01 end", Status: StatusDone, CreatedAt: at, Usage: u},
		{ID: 3, Role: RoleAssistant, Text: "네, 아이스 아메리카노 한 잔이요 😀 ｱｲｽ", Alternatives: []string{"a \"}{\" b", "네, 아이스 아메리카노 한 잔이요 😀 ｱｲｽ"}, ActiveAlt: 1,
			AltStatuses: []string{StatusStopped, StatusDone}, AltCutOff: []bool{true, false}, AltUsage: []*Usage{nil, u}, CreatedAt: at},
		{ID: 4, Role: RoleAssistant, Text: "", Status: StatusStreaming, Opening: true, CutOff: true, CreatedAt: at},
		{ID: 5, Role: RoleUser, Text: "bad \xff utf-8 \xe3\x81", ErrorCode: "llm.timeout", CreatedAt: time.Time{}},
		{ID: 1<<64 - 1, Role: RoleUser, Text: "max id", CreatedAt: at.UTC()},
	} {
		js, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var scratch []byte
		if _, ok := decodeText(js, &scratch); !ok {
			t.Errorf("declined what encoding/json wrote: %s", js)
		}
		checkDecodeText(t, js)
	}
	for _, js := range []string{
		`{"id":7,"role":"user","text":"\ud83d\ude00 \ud800 lone \udc00 \u00e9\u0041","createdAt":"2026-03-01T09:00:00Z"}`,
		` { "id" : 8 , "text" : "spaced" , "createdAt" : "2026-03-01T09:00:00Z" } `,
		`{"ID":9,"text":"other case"}`,
		`{"id":10,"text":null}`,
		`{"id":1.5,"text":"float"}`,
		`{"id":11,"createdAt":"not a time"}`,
		`{"id":12,"text":"unterminated}`,
		`{"id":13,"extra":{"a":[1,{"b":"]}"}],"c":true},"text":"after nested"}`,
		`{"id":14,"text":"dup","text":"last wins"}`,
		`{"id":15,"text":"trailing"} x`,
		`[]`, ``, `{}`,
	} {
		checkDecodeText(t, []byte(js))
	}
}

func FuzzDecodeText(f *testing.F) {
	f.Add([]byte(`{"id":3,"role":"assistant","text":"a\nb \u00e9 \ud83d\ude00","alternatives":["x","y"],"createdAt":"2026-03-01T09:00:00Z","usage":{"promptTokens":1}}`))
	f.Add([]byte(`{"id":4,"text":"x\\"}`))
	f.Fuzz(func(t *testing.T, js []byte) { checkDecodeText(t, js) })
}
