package fakeopenai

import (
	"encoding/json"
	"net/http"
	"testing"
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
