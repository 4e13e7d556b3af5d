package llm

// Usage is the token count of one reply, as the server reported it. What it
// costs is the model table's business (models.Cost).
type Usage struct {
	PromptTokens     int `json:"promptTokens"`
	CompletionTokens int `json:"completionTokens"`
}
