package fakeopenai

import (
	"encoding/json"
	"io"
	"net/http"
	"time"
)

// Config is the body of POST /_control/config. Absent fields are left as they are.
type Config struct {
	RequireKey *string   `json:"requireKey,omitempty"`
	Models     *[]string `json:"models,omitempty"`
}

// controlRoutes adds the routes the end-to-end suite scripts the fake with:
//
//	POST /_control/script   [Behavior, …]  queue behaviours → {"pending": n}
//	POST /_control/default  Behavior       answer for unscripted chat requests
//	POST /_control/config   Config         required key and model list
//	POST /_control/release                 let stalled replies carry on
//	POST /_control/reset                   back to the initial state
//	GET  /_control/requests                → [Request, …] oldest first
//	GET  /_control/streams                 → [Stream, …] oldest first
func (s *Server) controlRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /_control/script", func(w http.ResponseWriter, r *http.Request) {
		var bs []Behavior
		if !decode(w, r, &bs) {
			return
		}
		s.Script(bs...)
		writeJSON(w, map[string]int{"pending": s.Pending()})
	})
	mux.HandleFunc("POST /_control/default", func(w http.ResponseWriter, r *http.Request) {
		var b Behavior
		if !decode(w, r, &b) {
			return
		}
		s.SetDefault(b)
		writeJSON(w, map[string]int{"pending": s.Pending()})
	})
	mux.HandleFunc("POST /_control/config", func(w http.ResponseWriter, r *http.Request) {
		var c Config
		if !decode(w, r, &c) {
			return
		}
		if c.RequireKey != nil {
			s.RequireKey(*c.RequireKey)
		}
		if c.Models != nil {
			s.SetModels(*c.Models...)
		}
		writeJSON(w, map[string]int{"pending": s.Pending()})
	})
	mux.HandleFunc("POST /_control/release", func(w http.ResponseWriter, r *http.Request) {
		s.Release()
		writeJSON(w, map[string]int{"pending": s.Pending()})
	})
	mux.HandleFunc("POST /_control/reset", func(w http.ResponseWriter, r *http.Request) {
		s.Reset()
		writeJSON(w, map[string]int{"pending": 0})
	})
	mux.HandleFunc("GET /_control/requests", func(w http.ResponseWriter, r *http.Request) {
		reqs := s.Requests()
		if reqs == nil {
			reqs = []Request{}
		}
		writeJSON(w, reqs)
	})
	mux.HandleFunc("GET /_control/streams", func(w http.ResponseWriter, r *http.Request) {
		streams := s.Streams()
		if streams == nil {
			streams = []Stream{}
		}
		writeJSON(w, streams)
	})
}

// Stream is the log entry of one streamed chat reply, for benchmarks that time a client against
// the wire: Start is when the headers were sent, End when the last byte was flushed (or the
// stream was cut short: then Complete is false); Chunks counts the data events sent.
type Stream struct {
	ID       string    `json:"id"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Chunks   int       `json:"chunks"`
	Complete bool      `json:"complete"`
}

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err == nil && len(body) == 0 {
		body = []byte("null")
	}
	if err == nil {
		err = json.Unmarshal(body, v)
	}
	if err != nil {
		http.Error(w, "bad control body: "+err.Error(), http.StatusBadRequest)
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
