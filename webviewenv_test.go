package main

import (
	"errors"
	"testing"
)

func TestSetWebViewEnvKeepsWhatTheUserSet(t *testing.T) {
	env := map[string]string{"JSC_useDFGJIT": "true"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	set := func(k, v string) error { env[k] = v; return nil }
	if err := setWebViewEnv(lookup, set); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"JSC_useDFGJIT": "true", "JSC_useFTLJIT": "false"}
	if len(env) != len(want) || env["JSC_useDFGJIT"] != want["JSC_useDFGJIT"] || env["JSC_useFTLJIT"] != want["JSC_useFTLJIT"] {
		t.Fatalf("env = %v, want %v", env, want)
	}

	empty := map[string]string{}
	if err := setWebViewEnv(func(k string) (string, bool) { v, ok := empty[k]; return v, ok },
		func(k, v string) error { empty[k] = v; return nil }); err != nil {
		t.Fatal(err)
	}
	if empty["JSC_useDFGJIT"] != "false" || empty["JSC_useFTLJIT"] != "false" {
		t.Fatalf("nothing set by the user: env = %v", empty)
	}

	boom := errors.New("boom")
	if err := setWebViewEnv(func(string) (string, bool) { return "", false }, func(string, string) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("a failed set is reported: %v", err)
	}
}
