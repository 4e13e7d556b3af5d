// Command fakeportal serves a settings portal's colour scheme on the session bus
// (DBUS_SESSION_BUS_ADDRESS) for the end-to-end tests: it prints "ready" once it owns the portal's
// name, then takes one scheme per line on standard input (dark, light or none) and announces each
// with SettingChanged, printing "set <scheme>".
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/godbus/dbus/v5"

	"parley/backend/appearance"
	"parley/backend/appearance/fakeportal"
)

var schemes = map[string]appearance.Scheme{"none": appearance.NoPreference, "dark": appearance.Dark, "light": appearance.Light}

func main() {
	initial := flag.String("scheme", "none", "the scheme at start: none, dark or light")
	flag.Parse()
	s, ok := schemes[*initial]
	if !ok {
		log.Fatalf("fakeportal: unknown scheme %q", *initial)
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		log.Fatalf("fakeportal: %v", err)
	}
	defer conn.Close()
	p, err := fakeportal.Serve(conn, s, false)
	if err != nil {
		log.Fatalf("fakeportal: %v", err)
	}
	fmt.Println("ready")
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		word := strings.TrimSpace(in.Text())
		s, ok := schemes[word]
		if !ok {
			log.Printf("fakeportal: unknown scheme %q", word)
			continue
		}
		if err := p.Set(s); err != nil {
			log.Fatalf("fakeportal: %v", err)
		}
		fmt.Println("set", word)
	}
}
