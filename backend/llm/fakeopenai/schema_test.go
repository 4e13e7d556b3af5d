package fakeopenai

import (
	"encoding/json"
	"testing"
)

// An unscripted structured request gets the smallest answer its schema
// allows, so the app's coach works against the fake without a script.
func TestSmallestInstanceFollowsTheSchema(t *testing.T) {
	schema := json.RawMessage(`{"type":"object","required":["verdict","changes","n","ok","note"],"properties":{
		"verdict":{"type":"string","enum":["natural","corrected"]},"changes":{"type":"array","items":{"type":"string"}},
		"n":{"type":"integer"},"ok":{"type":"boolean"},"note":{"type":["string","null"]},"extra":{"type":"string"}}}`)
	got := SmallestInstance(schema)
	want := `{"changes":[],"n":0,"note":null,"ok":false,"verdict":"natural"}`
	if got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	if SmallestInstance(json.RawMessage(`not json`)) != "{}" {
		t.Fatal("a broken schema does not give {}")
	}
}
