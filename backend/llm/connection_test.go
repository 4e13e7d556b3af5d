package llm

import (
	"context"
	"strings"
	"testing"
	"time"

	"parley/backend/apperr"
	"parley/backend/llm/fakeopenai"
)

func TestModelsAreListedSorted(t *testing.T) {
	srv := newFake(t)
	srv.SetModels("qwen2.5:7b", "llama3.2", "", "bad\x00id", strings.Repeat("x", 300), "llama3.2")
	models, err := newTestClient(t, testConfig(srv.URL)).ListModels(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(models, ",") != "llama3.2,qwen2.5:7b" {
		t.Fatalf("models %q", models)
	}
}

func TestConnectionTestReportsModelsAndChecksTheModelAnswers(t *testing.T) {
	srv := newFake(t)
	r := newTestClient(t, testConfig(srv.URL)).TestConnection(context.Background())
	if !r.OK || r.Code != "" || len(r.Models) != len(fakeopenai.DefaultModels) || r.LatencyMs < 0 {
		t.Fatalf("report %+v", r)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 || reqs[0].Endpoint != fakeopenai.EndpointModels || reqs[1].Endpoint != fakeopenai.EndpointChat {
		t.Fatalf("requests %+v", reqs)
	}
	if mt := reqs[1].MaxTokens; mt == nil || *mt != 1 || reqs[1].Model != "gpt-4o-mini" {
		t.Fatalf("test completion asked for model %q, max tokens %v", reqs[1].Model, mt)
	}
}

func TestConnectionTestWorksWithoutAModelsRoute(t *testing.T) {
	srv := newFake(t)
	srv.Script(fakeopenai.Behavior{Endpoint: fakeopenai.EndpointModels, Fail: fakeopenai.FailNotFound})
	cfg := testConfig(srv.URL)
	cfg.APIKey = ""
	r := newTestClient(t, cfg).TestConnection(context.Background())
	if !r.OK || len(r.Models) != 0 || r.Models == nil {
		t.Fatalf("report %+v", r)
	}
}

func TestConnectionTestNamesTheFailure(t *testing.T) {
	cases := []struct {
		name   string
		script []fakeopenai.Behavior
		code   string
		models int
	}{
		{"wrong key", []fakeopenai.Behavior{{Endpoint: fakeopenai.EndpointModels, Fail: fakeopenai.FailUnauthorized}}, apperr.LLMUnauthorized, 0},
		{"quota shows only on a completion", []fakeopenai.Behavior{{Fail: fakeopenai.FailQuota}}, apperr.LLMQuota, len(fakeopenai.DefaultModels)},
		{"model missing", []fakeopenai.Behavior{{Fail: fakeopenai.FailModelNotFound}}, apperr.LLMModelNotFound, len(fakeopenai.DefaultModels)},
		{"not an OpenAI API", []fakeopenai.Behavior{
			{Endpoint: fakeopenai.EndpointModels, Fail: fakeopenai.FailNotFound}, {Fail: fakeopenai.FailNotFound}}, apperr.LLMEndpointNotFound, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFake(t)
			srv.Script(tc.script...)
			r := newTestClient(t, testConfig(srv.URL)).TestConnection(context.Background())
			if r.OK || r.Code != tc.code || r.Message == "" || len(r.Models) != tc.models {
				t.Fatalf("report %+v", r)
			}
		})
	}
}

func TestConnectionTestOfAnUnreachableServer(t *testing.T) {
	srv := newFake(t)
	url := srv.URL
	srv.Close()
	r := newTestClient(t, testConfig(url)).TestConnection(context.Background())
	if r.OK || r.Code != apperr.LLMUnreachable {
		t.Fatalf("report %+v", r)
	}
}

func TestConnectionTestGivesUpAfterTheFirstTokenTimeout(t *testing.T) {
	srv := newFake(t)
	srv.Script(fakeopenai.Behavior{Endpoint: fakeopenai.EndpointModels, Fail: fakeopenai.FailStall})
	cfg := testConfig(srv.URL)
	cfg.RequestTimeout = time.Minute
	cfg.FirstTokenTimeout = 150 * time.Millisecond
	r := newTestClient(t, cfg).TestConnection(context.Background())
	if r.OK || r.Code != apperr.LLMTimeout || r.LatencyMs > 5000 {
		t.Fatalf("report %+v", r)
	}
}
