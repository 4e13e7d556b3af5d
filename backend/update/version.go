package update

import (
	"regexp"
	"strconv"
	"strings"
)

// Version is a release version as Parley's builds are stamped: a semantic
// version from the git tag, possibly with `git describe`'s suffix for a
// build made some commits past it (v1.2.3-4-gabcdef) and -dirty.
type Version struct {
	Major, Minor, Patch int
	Pre                 []string // semver pre-release identifiers (rc.1 → [rc 1])
	Ahead               int      // commits past the tag
}

var (
	describeSuffix = regexp.MustCompile(`-(\d+)-g[0-9a-f]{4,40}$`)
	semverCore     = regexp.MustCompile(`^(\d+)\.(\d+)(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$`)
)

// ParseVersion reads "v1.2.3", "1.2.3", "v1.2.3-rc.1" and describe's
// "v1.2.3-4-gabcdef[-dirty]". ok is false for anything else ("dev", a bare
// commit hash), which cannot be ordered against a release.
func ParseVersion(s string) (v Version, ok bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "v"), "V")
	// A dirty build is its commit's version with local edits: same place in the order.
	s = strings.TrimSuffix(s, "-dirty")
	if m := describeSuffix.FindStringSubmatch(s); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			return Version{}, false
		}
		v.Ahead = n
		s = s[:len(s)-len(m[0])]
	}
	m := semverCore.FindStringSubmatch(s)
	if m == nil {
		return Version{}, false
	}
	var err error
	if v.Major, err = strconv.Atoi(m[1]); err != nil {
		return Version{}, false
	}
	if v.Minor, err = strconv.Atoi(m[2]); err != nil {
		return Version{}, false
	}
	if m[3] != "" {
		if v.Patch, err = strconv.Atoi(m[3]); err != nil {
			return Version{}, false
		}
	}
	if m[4] != "" {
		v.Pre = strings.Split(m[4], ".")
		for _, id := range v.Pre {
			if id == "" {
				return Version{}, false
			}
		}
	}
	return v, true
}

// Compare orders a and b: -1 when a is older, 0 when the same, 1 when newer.
// Semantic versioning's order, then commits past the tag: v1.2.3-4-gabc is
// newer than v1.2.3 and older than v1.2.4.
func Compare(a, b Version) int {
	for _, d := range [][2]int{{a.Major, b.Major}, {a.Minor, b.Minor}, {a.Patch, b.Patch}} {
		if c := cmpInt(d[0], d[1]); c != 0 {
			return c
		}
	}
	if c := comparePre(a.Pre, b.Pre); c != 0 {
		return c
	}
	return cmpInt(a.Ahead, b.Ahead)
}

// comparePre is semver's rule 11: a release is newer than its pre-releases;
// identifiers compare numerically when both are numbers, else as text, and
// numbers sort before text; a longer list wins a tie.
func comparePre(a, b []string) int {
	switch {
	case len(a) == 0 && len(b) == 0:
		return 0
	case len(a) == 0:
		return 1
	case len(b) == 0:
		return -1
	}
	for i := 0; i < len(a) && i < len(b); i++ {
		na, errA := strconv.Atoi(a[i])
		nb, errB := strconv.Atoi(b[i])
		var c int
		switch {
		case errA == nil && errB == nil:
			c = cmpInt(na, nb)
		case errA == nil:
			c = -1
		case errB == nil:
			c = 1
		default:
			c = strings.Compare(a[i], b[i])
		}
		if c != 0 {
			return c
		}
	}
	return cmpInt(len(a), len(b))
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
