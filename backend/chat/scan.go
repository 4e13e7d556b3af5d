package chat

import (
	"context"
	"encoding/json"
	"runtime"
	"sync"

	"parley/backend/userdata"
)

// TextMessage is what the search index keeps of a stored message. Text
// aliases a buffer reused for the next message: copy what is kept.
type TextMessage struct {
	ID        uint64
	Assistant bool
	CreatedAt int64 // Unix nanoseconds, 0 when there is no time
	Text      []byte
}

// scanRun is how many consecutive messages of a room one worker reads at a
// time: large enough that handing runs out costs nothing, small enough that
// one long conversation still spreads over every core.
const scanRun = 1024

// ScanTexts reads every readable message of every room (rooms in the trash
// included: the caller knows which rooms are live), for an index built in
// memory, on workers goroutines (every core when 0). Each room's messages,
// oldest first, are cut into runs of consecutive messages; newRun is called
// for each run (with its length, for sizing), in room and message order, on
// the calling goroutine, and the function it returns is then called with
// the run's messages on one worker.
// Damaged messages are skipped: there is nothing in them to find. It stops
// early with ctx's error when ctx ends (log-out).
func (s *Service) ScanTexts(ctx context.Context, scope *userdata.Scope, workers int, newRun func(roomID string, n int) func(TextMessage)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return scope.View(func(tx *userdata.Tx) error {
		all, err := tx.Bucket(bucketMessages)
		if err != nil || all == nil {
			return err
		}
		var rooms []string
		if err := all.ForEachBucket(func(name string) error { rooms = append(rooms, name); return nil }); err != nil {
			return err
		}
		ctx, cancel := context.WithCancelCause(ctx)
		defer cancel(nil)
		jobs := make(chan scanJob, workers)
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				if err := scanWorker(ctx, jobs); err != nil {
					cancel(err)
				}
			})
		}
		err = feedRuns(ctx, tx, rooms, jobs, newRun)
		close(jobs)
		wg.Wait()
		if err == nil {
			err = context.Cause(ctx)
		}
		return err
	})
}

type scanJob struct {
	run []userdata.Unsealer
	add func(TextMessage)
}

// feedRuns cuts each room into runs and hands them to the workers. The
// values stay in the read transaction's memory until the workers are done.
func feedRuns(ctx context.Context, tx *userdata.Tx, rooms []string, jobs chan<- scanJob, newRun func(roomID string, n int) func(TextMessage)) error {
	send := func(roomID string, run []userdata.Unsealer) error {
		select {
		case jobs <- scanJob{run: run, add: newRun(roomID, len(run))}:
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	for _, roomID := range rooms {
		b, err := tx.Bucket(messagesBucket(roomID)...)
		if err != nil {
			return err
		}
		run := make([]userdata.Unsealer, 0, scanRun)
		err = b.ForwardFrom(nil, func(_ []byte, unseal userdata.Unsealer) (bool, error) {
			if run = append(run, unseal); len(run) == scanRun {
				if err := send(roomID, run); err != nil {
					return true, err
				}
				run = make([]userdata.Unsealer, 0, scanRun)
			}
			return false, nil
		})
		if err == nil && len(run) > 0 {
			err = send(roomID, run)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// scanWorker opens and reads runs until there are none. Plaintext goes
// through two buffers reused for every message and wiped after each.
func scanWorker(ctx context.Context, jobs <-chan scanJob) error {
	raw := userdata.Raw{JSON: make([]byte, 0, 4096)}
	var scratch []byte
	for job := range jobs {
		if ctx.Err() != nil {
			continue // drain, so the feeder is never left waiting
		}
		for _, unseal := range job.run {
			err := unseal(&raw)
			if isDamage(err) {
				continue
			}
			if err != nil {
				return err
			}
			m, ok := decodeText(raw.JSON, &scratch)
			if !ok { // not the form decodeText knows: read it the ordinary way
				var full Message
				if json.Unmarshal(raw.JSON, &full) != nil {
					clear(raw.JSON)
					continue // cannot be read: damaged
				}
				m = TextMessage{ID: full.ID, Assistant: full.Role == RoleAssistant, CreatedAt: unixNano(full.CreatedAt), Text: []byte(full.Text)}
			}
			if m.ID != 0 {
				job.add(m)
			}
			clear(raw.JSON)
			clear(scratch)
		}
	}
	return nil
}
