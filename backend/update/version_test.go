package update

import "testing"

func TestVersionsAreOrderedAsReleasesAndDescribeSuffixes(t *testing.T) {
	// Each is older than the next.
	order := []string{
		"v0.9.0",
		"v1.0.0-alpha",
		"v1.0.0-alpha.1",
		"v1.0.0-alpha.beta",
		"v1.0.0-beta.2",
		"v1.0.0-beta.11",
		"v1.0.0-rc.1",
		"v1.0.0-rc.1-3-gabcdef0", // three commits past the release candidate
		"v1.0.0",
		"v1.0.0-1-g0123abc",
		"v1.0.0-12-g0123abcd-dirty",
		"1.0.1",
		"v1.2",
		"v1.2.3",
		"v1.2.3-4-gabcdef",
		"v1.2.4",
		"v1.10.0",
		"v2.0.0",
	}
	for i := range order {
		a, ok := ParseVersion(order[i])
		if !ok {
			t.Fatalf("%q does not parse", order[i])
		}
		if c := Compare(a, a); c != 0 {
			t.Errorf("%s vs itself = %d", order[i], c)
		}
		for j := i + 1; j < len(order); j++ {
			b, _ := ParseVersion(order[j])
			if Compare(a, b) != -1 || Compare(b, a) != 1 {
				t.Errorf("%s should be older than %s", order[i], order[j])
			}
		}
	}
	same := [][2]string{{"v1.2.3", "1.2.3"}, {"v1.2.3", "v1.2.3-dirty"}, {"v1.2.0", "v1.2"}, {"v1.2.3+build.5", "v1.2.3"}}
	for _, p := range same {
		a, _ := ParseVersion(p[0])
		b, _ := ParseVersion(p[1])
		if Compare(a, b) != 0 {
			t.Errorf("%s and %s should be the same version", p[0], p[1])
		}
	}
}

func TestDevelopmentBuildsHaveNoVersion(t *testing.T) {
	for _, s := range []string{"dev", "", "abcdef1", "abcdef1-dirty", "v1", "v1.x.3", "v1.2.3-", "v1.2.3-a..b", "latest"} {
		if _, ok := ParseVersion(s); ok {
			t.Errorf("%q parses as a version", s)
		}
	}
}
