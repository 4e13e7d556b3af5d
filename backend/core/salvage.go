package core

import (
	"context"
	"log"
	"os"
	"strings"
	"time"

	"parley/backend/apperr"
	"parley/backend/integrity"
	"parley/backend/store"
)

// SalvageTimeout bounds a salvage: it reads the whole file, page by page.
const SalvageTimeout = 5 * time.Minute

// SalvageResult is what a salvage recovered and where the damaged file went.
type SalvageResult struct {
	Report integrity.SalvageReport `json:"report"`
	// Replaced names the damaged file, kept in the backups folder;
	// restoring it undoes the salvage.
	Replaced string `json:"replaced"`
}

// SalvageFile copies every account, room and message of the damaged data
// file at path that can still be read into a new file (in the checker
// process, where a damaged page can fault nothing but it), keeps the damaged
// file in the backups folder untouched, puts the new file in its place and
// opens it. The caller has closed the file (a damaged file was never opened).
// When nothing could be copied the damaged file stays where it is.
func SalvageFile(path string, opt Options) (*Core, SalvageResult, error) {
	if opt.Checker == "" {
		return nil, SalvageResult{}, apperr.New(apperr.Internal, "no salvage program")
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	tmp := path + ".salvage.tmp"
	_ = os.Remove(tmp) // a leftover of a salvage that died
	rep := integrity.RunSalvage(context.Background(), opt.Checker, path, tmp, SalvageTimeout, opt.CheckerEnv...)
	log.Printf("parley: salvage kept %d values in %d buckets, lost %d values and %d parts: %s",
		rep.Values, rep.Buckets, rep.LostValues, rep.LostParts, strings.Join(rep.Problems, "; "))
	res := SalvageResult{Report: rep}
	if !rep.Done {
		return nil, res, apperr.New(apperr.StoreCorrupt, "nothing could be salvaged from the data file")
	}
	placed, err := store.PutInPlace(path, tmp, now())
	if err != nil {
		return nil, res, err
	}
	res.Replaced = placed.Replaced
	_ = integrity.Forget(path)
	c, err := Open(path, opt)
	return c, res, err
}
