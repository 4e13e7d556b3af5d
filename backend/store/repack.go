package store

import (
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// repack rewrites a file made before Parley used PageSize pages into them,
// once: bbolt never changes a file's page size, and with 4 KiB pages a year
// of messages takes ~1,030 bytes each instead of ~760. It is best effort and
// safe to interrupt: the compacted copy is written beside the file and renamed
// over it only when complete, today's backup (taken before) holds the old
// form, and it runs only with room for a copy. On any failure the file is
// reopened as it was; only a failure to reopen is returned.
func (d *DB) repack(opt Options) error {
	if d.bolt.Info().PageSize >= PageSize || !d.roomFor(filepath.Dir(d.path), opt) {
		return nil
	}
	if info, err := os.Stat(d.path); err != nil || info.Size() > maxRepackSize {
		return nil
	}
	if err := d.bolt.Close(); err != nil {
		return IOError(err, "cannot reopen the data file")
	}
	d.repackErr = compactFile(d.path, nil)
	b, err := bolt.Open(d.path, 0o600, &bolt.Options{Timeout: opt.LockTimeout, PageSize: PageSize})
	if err != nil {
		return classifyOpenError(err)
	}
	d.bolt = b
	return nil
}

// maxRepackSize bounds the file repack rewrites: it runs while the window
// opens (~45 ms for 4 MiB, ~0.5 s for 100,000 messages), so a larger file
// keeps its pages until it is compacted (after an account is deleted).
var maxRepackSize int64 = 256 << 20

// RepackError is why a file with small pages was not rewritten at Open, or nil.
func (d *DB) RepackError() error { return d.repackErr }
