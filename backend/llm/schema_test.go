package llm

import (
	"context"
	"encoding/json"
	"testing"

	"parley/backend/llm/fakeopenai"
)

// A structured request carries a strict json_schema response_format, and
// only a refusal that names it reads as "this server cannot do that".
func TestAStructuredRequestSendsItsSchemaAndARefusalOfItIsRecognised(t *testing.T) {
	srv := newFake(t)
	c := newTestClient(t, testConfig(srv.URL))
	schema := &Schema{Name: "answer", Schema: json.RawMessage(`{"type":"object","required":["ok"],"properties":{"ok":{"type":"boolean"}},"additionalProperties":false}`)}
	req := Request{Messages: []Message{{Role: RoleUser, Content: "hi"}}, Schema: schema}
	srv.Script(fakeopenai.Behavior{Endpoint: fakeopenai.EndpointCoach, Reply: `{"ok":true}`})
	reply, err := c.Complete(context.Background(), req)
	if err != nil || reply.Text != `{"ok":true}` {
		t.Fatalf("reply %+v %v", reply, err)
	}
	sent := srv.Requests()[0]
	var body struct {
		ResponseFormat struct {
			Type       string `json:"type"`
			JSONSchema struct {
				Name   string          `json:"name"`
				Strict bool            `json:"strict"`
				Schema json.RawMessage `json:"schema"`
			} `json:"json_schema"`
		} `json:"response_format"`
	}
	if err := json.Unmarshal([]byte(sent.Body), &body); err != nil || body.ResponseFormat.Type != "json_schema" ||
		body.ResponseFormat.JSONSchema.Name != "answer" || !body.ResponseFormat.JSONSchema.Strict ||
		string(body.ResponseFormat.JSONSchema.Schema) != string(schema.Schema) {
		t.Fatalf("sent %s (%v)", sent.Body, err)
	}

	for _, tc := range []struct {
		fail fakeopenai.Failure
		want bool
	}{
		{fakeopenai.FailNoResponseFormat, true},
		{fakeopenai.FailBadRequest, false},    // a 400 about the temperature
		{fakeopenai.FailContextLength, false}, // a 400 about the length
		{fakeopenai.FailUnauthorized, false},
	} {
		srv.Script(fakeopenai.Behavior{Endpoint: fakeopenai.EndpointCoach, Fail: tc.fail})
		_, err := c.Complete(context.Background(), req)
		if err == nil || RefusesResponseFormat(err) != tc.want {
			t.Errorf("%s: RefusesResponseFormat(%v) = %v, want %v", tc.fail, err, !tc.want, tc.want)
		}
	}
	// Without a schema, nothing asks for a format.
	srv.Script(fakeopenai.Behavior{Reply: "plain"})
	if _, err := c.Complete(context.Background(), Request{Messages: req.Messages}); err != nil || srv.Requests()[len(srv.Requests())-1].ResponseFormat != "" {
		t.Fatalf("a plain request sent a response_format: %v", err)
	}
}
