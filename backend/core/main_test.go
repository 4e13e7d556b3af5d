//go:build unix

package core

import (
	"os"
	"syscall"
	"testing"
	"time"

	"parley/backend/integrity"
)

// The test binary doubles as the Parley binary's other roles: the integrity
// checker (run with integrity.Flag) and, for the kill test, a Parley that
// chats until it is killed (see killDriver).
func TestMain(m *testing.M) {
	if len(os.Args) == 4 && os.Args[1] == integrity.SalvageFlag {
		os.Exit(integrity.SalvageMain(os.Args[2], os.Args[3], os.Stdout))
	}
	if len(os.Args) == 3 && os.Args[1] == integrity.Flag {
		switch os.Getenv("PARLEY_TEST_CHECKER") {
		case "fault":
			_ = syscall.Kill(os.Getpid(), syscall.SIGSEGV) // what a damaged page does
			time.Sleep(time.Second)
		case "hang":
			time.Sleep(time.Minute)
		}
		os.Exit(integrity.Main(os.Args[2], os.Stdout))
	}
	if dir := os.Getenv(killDriverEnv); dir != "" {
		os.Exit(killDriver(dir))
	}
	os.Exit(m.Run())
}
