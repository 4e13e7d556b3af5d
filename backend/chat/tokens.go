package chat

import (
	"fmt"
	"hash/fnv"
	"sync"

	"github.com/pkoukk/tiktoken-go"
	tiktokenloader "github.com/pkoukk/tiktoken-go-loader"

	"parley/backend/models"
)

// Token counting uses OpenAI's own BPE tables (tiktoken), embedded in the
// binary by the offline loader: Parley must count without a network, and a
// character-based guess is far off for Korean and Japanese.

// Per-message overhead from the OpenAI cookbook ("How to count tokens with
// tiktoken"): every message costs 3 tokens of framing, and every reply is
// primed with 3 more.
const (
	tokensPerMessage = 3
	tokensReplyPrime = 3
)

func init() {
	// Never fetch BPE tables from the internet; the loader embeds them.
	tiktoken.SetBpeLoader(tiktokenloader.NewOfflineLoader())
}

// encodingFor picks the tokenizer of model from the model table. Unknown
// models (local servers: Llama, Qwen, Mistral…) get cl100k_base, whose counts
// are close to theirs; calibration against the server's reported usage
// corrects the rest.
func encodingFor(model string) string {
	m, _ := models.Lookup(model)
	return m.Encoding
}

var (
	encMu    sync.Mutex
	encodecs = map[string]*tiktoken.Tiktoken{}
)

// encoder returns the shared tokenizer for an encoding, loading it on first
// use (a few hundred milliseconds; it is immutable and safe to share).
func encoder(name string) (*tiktoken.Tiktoken, error) {
	encMu.Lock()
	defer encMu.Unlock()
	if e, ok := encodecs[name]; ok {
		return e, nil
	}
	e, err := tiktoken.GetEncoding(name)
	if err != nil {
		return nil, fmt.Errorf("chat: load tokenizer %s: %w", name, err)
	}
	encodecs[name] = e
	return e, nil
}

// tokenCache remembers counts of texts already seen, so building the context
// again for the next turn does not re-tokenise the whole window.
type tokenCache struct {
	mu sync.Mutex
	m  map[tokenKey]int
}

type tokenKey struct {
	enc  string
	hash uint64
	n    int
}

const tokenCacheMax = 50_000

func (c *tokenCache) count(enc *tiktoken.Tiktoken, encName, text string) int {
	h := fnv.New64a()
	h.Write([]byte(text))
	k := tokenKey{encName, h.Sum64(), len(text)}
	c.mu.Lock()
	n, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return n
	}
	n = len(enc.EncodeOrdinary(text))
	c.mu.Lock()
	if c.m == nil || len(c.m) >= tokenCacheMax {
		c.m = make(map[tokenKey]int)
	}
	c.m[k] = n
	c.mu.Unlock()
	return n
}

// counter counts the prompt tokens of messages for one model.
type counter struct {
	enc   *tiktoken.Tiktoken
	name  string
	cache *tokenCache
	// scale corrects estimates by what the server reported for this model
	// before (1 when uncalibrated).
	scale float64
}

// message returns the tokens one chat message adds to a prompt.
func (c counter) message(role, text string) int {
	n := tokensPerMessage + c.cache.count(c.enc, c.name, role) + c.cache.count(c.enc, c.name, text)
	return int(float64(n)*c.scale + 0.999)
}

// maxPromptTokens caps the history sent per turn even on huge-context models:
// a role-play needs its recent scene, not a whole novel, and every prompt
// token is paid for and slows the first token of every reply.
const maxPromptTokens = 16_000

// promptBudget is how many prompt tokens a request to model may use: its
// window less what is kept for the reply, by the model table (conservative
// figures for a model the table does not know), and at most maxPromptTokens.
func promptBudget(model string) int {
	m, _ := models.Lookup(model)
	return min(m.ContextWindow-m.ReplyReserve, maxPromptTokens)
}

// calibration keeps, per model, how the server's reported prompt tokens
// compare with Parley's estimate, so budgets for models whose tokenizer is not
// tiktoken's (local servers) stay honest.
type calibration struct {
	mu    sync.Mutex
	ratio map[string]float64
}

// observe records one request's estimate against the server's count.
func (c *calibration) observe(model string, estimated, reported int) {
	if estimated <= 0 || reported <= 0 {
		return
	}
	r := float64(reported) / float64(estimated)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ratio == nil {
		c.ratio = map[string]float64{}
	}
	if old, ok := c.ratio[model]; ok {
		r = 0.7*old + 0.3*r // smooth: one odd request should not swing budgets
	}
	c.ratio[model] = r
}

// scale is the factor to apply to estimates for model, clamped so that a
// broken usage report cannot shrink or blow up the budget absurdly.
func (c *calibration) scale(model string) float64 {
	c.mu.Lock()
	r, ok := c.ratio[model]
	c.mu.Unlock()
	if !ok {
		return 1
	}
	return max(0.8, min(r, 3))
}
