package settings

import (
	"testing"

	bolt "go.etcd.io/bbolt"

	"parley/backend/apperr"
	"parley/backend/store"
)

func TestDamagedSettingsAreReportedAndRepairedBySavingAgain(t *testing.T) {
	f := newFixture(t)
	s := f.scope(t, "mina")
	svc := New()
	if _, err := svc.Save(s, full()); err != nil {
		t.Fatal(err)
	}
	err := f.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(store.BucketUserRoots).Bucket([]byte("mina")).Bucket([]byte("settings"))
		v := append([]byte(nil), b.Get(settingsKey)...)
		v[len(v)/2] ^= 0x40
		return b.Put(settingsKey, v)
	})
	if err != nil {
		t.Fatal(err)
	}

	if _, err := svc.Get(s); apperr.CodeOf(err) != apperr.StoreTampered {
		t.Fatalf("Get of damaged settings: %v, want %s", err, apperr.StoreTampered)
	}
	if _, err := svc.ProviderConfig(s); apperr.CodeOf(err) != apperr.StoreTampered {
		t.Fatalf("ProviderConfig of damaged settings: %v, want %s", err, apperr.StoreTampered)
	}
	up := full()
	up.APIKey = "" // "keep the key": the damaged record's key is gone
	saved, err := svc.Save(s, up)
	if err != nil {
		t.Fatalf("saving over damaged settings: %v", err)
	}
	if saved.HasKey || saved.Model != up.Model {
		t.Fatalf("saved = %+v", saved)
	}
	if got, err := svc.Get(s); err != nil || got != saved {
		t.Fatalf("Get after repair = %+v, %v; want %+v", got, err, saved)
	}
}
