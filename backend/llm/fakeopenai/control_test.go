package fakeopenai

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

func TestControlAPIScriptsRecordsAndResets(t *testing.T) {
	srv := New()
	defer srv.Close()
	ctl := srv.RootURL + "/_control/"
	if resp := post(t, ctl+"script", `[{"fail":"quota"},{"reply":"Hi there","tokenDelayMs":1}]`); resp.StatusCode != 200 {
		t.Fatalf("script: %d", resp.StatusCode)
	}
	post(t, ctl+"config", `{"models":["local-model"]}`)
	if resp := post(t, srv.URL+"/chat/completions", chatBody, "Authorization", "Bearer sk-e2e"); resp.StatusCode != 429 {
		t.Fatalf("scripted quota: %d", resp.StatusCode)
	}
	resp, err := http.Get(ctl + "requests")
	if err != nil {
		t.Fatal(err)
	}
	var reqs []Request
	json.NewDecoder(resp.Body).Decode(&reqs)
	resp.Body.Close()
	if len(reqs) != 1 || reqs[0].Authorization != "Bearer sk-e2e" || reqs[0].Messages[1].Content != "A latte, please." {
		t.Fatalf("requests %+v", reqs)
	}
	if srv.Pending() != 1 {
		t.Fatalf("pending %d", srv.Pending())
	}
	if resp := post(t, ctl+"script", `{"not":"a list"}`); resp.StatusCode != 400 {
		t.Fatalf("bad script accepted: %d", resp.StatusCode)
	}
	post(t, ctl+"reset", "")
	if srv.Pending() != 0 || len(srv.Requests()) != 0 {
		t.Fatalf("reset left %d pending, %d requests", srv.Pending(), len(srv.Requests()))
	}
}

func TestControlAPILogsWhenEachStreamEnds(t *testing.T) {
	srv := New()
	defer srv.Close()
	post(t, srv.RootURL+"/_control/script", `[{"tokens":["a","b","c"],"tokenDelayMs":30},{"tokens":["x","y"],"fail":"drop","afterTokens":1}]`)
	before := time.Now()
	resp := post(t, srv.URL+"/chat/completions", chatBody)
	data := events(t, resp.Body)
	read := time.Now()
	post(t, srv.URL+"/chat/completions", chatBody).Body.Close()

	var streams []Stream
	for deadline := time.Now().Add(5 * time.Second); len(streams) < 2 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		r, err := http.Get(srv.RootURL + "/_control/streams")
		if err != nil {
			t.Fatal(err)
		}
		streams = nil
		json.NewDecoder(r.Body).Decode(&streams)
		r.Body.Close()
	}
	if len(streams) != 2 {
		t.Fatalf("streams %+v", streams)
	}
	full, cut := streams[0], streams[1]
	// Role, three tokens, finish and usage: every data line but [DONE].
	if !full.Complete || full.Chunks != len(data)-1 || full.Chunks != 6 {
		t.Fatalf("full stream %+v, %d events read", full, len(data))
	}
	if full.Start.Before(before) || full.End.After(read) || full.End.Sub(full.Start) < 90*time.Millisecond {
		t.Fatalf("full stream from %v to %v; posted at %v, read by %v", full.Start, full.End, before, read)
	}
	if cut.Complete || cut.Chunks != 2 || cut.End.Before(full.End) {
		t.Fatalf("dropped stream %+v", cut)
	}
	post(t, srv.RootURL+"/_control/reset", "")
	if len(srv.Streams()) != 0 {
		t.Fatalf("reset left %d streams", len(srv.Streams()))
	}
}
