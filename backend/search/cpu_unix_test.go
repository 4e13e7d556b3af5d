//go:build unix

package search_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used: on a shared machine it
// says what a step costs when the wall clock includes waiting for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
