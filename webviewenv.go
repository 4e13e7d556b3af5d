package main

// webViewEnv is what Parley's web view runs with on Linux, where WebKitGTK's web process inherits
// the app's environment: JavaScriptCore's optimising tiers (DFG, and FTL above it) off, its
// interpreter and baseline JIT kept. A chat page runs short bursts of script, never the long hot
// loops those tiers pay off on, while their compiled code and compiler memory stay resident:
// measured with bench/window.mjs (production window, 500 rooms, logged in, 3 rounds in one run),
// the web process held 7 MiB less (53.4 → 46.1 MiB anonymous; whole tree 1.50× → 1.39× the empty
// app) and a 5,000-token reply cost the web process the same 2.0 s of CPU, painted 60 ms after its
// last byte against 62 ms. macOS runs the web view in a system service that does not inherit it.
var webViewEnv = [][2]string{{"JSC_useDFGJIT", "false"}, {"JSC_useFTLJIT", "false"}}

// setWebViewEnv sets each of webViewEnv the user has not set: a value they chose wins.
func setWebViewEnv(lookup func(string) (string, bool), set func(key, value string) error) error {
	for _, kv := range webViewEnv {
		if _, ok := lookup(kv[0]); ok {
			continue
		}
		if err := set(kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}
