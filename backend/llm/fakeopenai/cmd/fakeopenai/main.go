// Command fakeopenai runs the fake OpenAI-compatible server for the
// end-to-end suite. It prints "LISTEN http://HOST:PORT" as its first line of
// output, serves the API under /v1 (and the root), and is scripted through
// /_control/ (see package fakeopenai). It binds to loopback only and stops on
// SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"parley/backend/llm/fakeopenai"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "fakeopenai:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends, announcing its address on stdout first.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("fakeopenai", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "loopback address to listen on")
	key := fs.String("require-key", "", "answer 401 unless requests carry this API key")
	if err := fs.Parse(args); err != nil {
		return err
	}
	srv, err := fakeopenai.Listen(*addr)
	if err != nil {
		return err
	}
	defer srv.Close()
	srv.RequireKey(*key)
	if _, err := fmt.Fprintf(stdout, "LISTEN %s\n", srv.RootURL); err != nil {
		return err
	}
	<-ctx.Done()
	return nil
}
