package coach

import "encoding/json"

// Categories of a change, as the schema names them.
const (
	CatGrammar     = "grammar"
	CatWordChoice  = "word_choice"
	CatSpelling    = "spelling"
	CatParticle    = "particle_ending"
	CatRegister    = "register"
	CatNaturalness = "naturalness"
)

// Categories lists every category, in the order the debrief groups them.
var Categories = []string{CatGrammar, CatWordChoice, CatSpelling, CatParticle, CatRegister, CatNaturalness}

// Verdicts of a line.
const (
	VerdictNatural   = "natural"   // nothing to fix
	VerdictCorrected = "corrected" // mistakes, corrected
	VerdictStilted   = "stilted"   // correct, but a native speaker would say it differently
)

// turnSchemaName names the per-turn schema on the wire.
const turnSchemaName = "parley_coach_turn"

// turnSchema is the strict JSON schema of the answer to one learner line.
// "natural" comes first so that the smallest valid answer means "no changes".
var turnSchema = json.RawMessage(`{
  "type": "object",
  "additionalProperties": false,
  "required": ["verdict", "corrected", "changes", "alternative", "goals_met"],
  "properties": {
    "verdict": {"type": "string", "enum": ["natural", "corrected", "stilted"]},
    "corrected": {"type": "string"},
    "changes": {
      "type": "array",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": ["original", "corrected", "category", "explanation"],
        "properties": {
          "original": {"type": "string"},
          "corrected": {"type": "string"},
          "category": {"type": "string", "enum": ["grammar", "word_choice", "spelling", "particle_ending", "register", "naturalness"]},
          "explanation": {"type": "string"}
        }
      }
    },
    "alternative": {"type": "string"},
    "goals_met": {"type": "array", "items": {"type": "integer"}}
  }
}`)
