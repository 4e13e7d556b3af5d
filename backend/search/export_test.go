package search

import "parley/backend/userdata"

// SetBuildHook makes every later build call fn at each stage: "run" before
// it hands out each run of messages (inside its read transaction), "read"
// once it has read everything, before its index is put in place; a test
// holds a build there.
func (s *Service) SetBuildHook(fn func(stage string)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hook = fn
}

// BuildDone is closed when the build under way ends (nil when none is).
func (s *Service) BuildDone() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.building == nil {
		return nil
	}
	return s.building.done
}

// Build builds the index of the scope's user on workers goroutines, as a
// search or Warm would, and waits for it (benchmarks compare worker counts).
func (s *Service) Build(scope *userdata.Scope, workers int) error {
	s.mu.Lock()
	b := s.startLocked(scope, workers)
	s.mu.Unlock()
	if b == nil {
		return nil
	}
	<-b.done
	return b.err
}
