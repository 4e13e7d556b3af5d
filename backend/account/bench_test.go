package account

import (
	"path/filepath"
	"runtime"
	"testing"

	"parley/backend/store"
)

// BenchmarkLogInMemory logs in with the app's real argon2id parameters and
// reports what the Go heap holds right after LogIn returns: what is in use,
// what the process still holds from the OS, and what one log-in allocates.
func BenchmarkLogInMemory(b *testing.B) {
	db, err := store.Open(filepath.Join(b.TempDir(), "parley.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc := New(db, Options{})
	if _, err := svc.SignUp(SignUpRequest{Username: "mina", Password: "password1"}); err != nil {
		b.Fatal(err)
	}
	_ = svc.LogOut()
	runtime.GC()
	var before, after runtime.MemStats
	var inUse, held, allocated float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		runtime.ReadMemStats(&before)
		if _, err := svc.LogIn(LogInRequest{Username: "mina", Password: "password1"}); err != nil {
			b.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		inUse += float64(after.HeapInuse)
		held += float64(after.HeapSys - after.HeapReleased)
		allocated += float64(after.TotalAlloc - before.TotalAlloc)
		_ = svc.LogOut()
	}
	const mib = 1 << 20
	n := float64(b.N)
	b.ReportMetric(inUse/n/mib, "heap-inuse-MiB")
	b.ReportMetric(held/n/mib, "heap-held-MiB")
	b.ReportMetric(allocated/n/mib, "alloc-MiB/login")
}
