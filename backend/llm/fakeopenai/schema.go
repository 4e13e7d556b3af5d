package fakeopenai

import (
	"encoding/json"
	"slices"
)

// SmallestInstance returns the smallest JSON value that schema allows, for
// structured requests no test scripted: objects with every required property,
// empty strings and arrays, false, 0, the first enum value. It reads the
// subset of JSON Schema that strict structured output uses.
func SmallestInstance(schema json.RawMessage) string {
	var s map[string]any
	if json.Unmarshal(schema, &s) != nil {
		return "{}"
	}
	out, _ := json.Marshal(smallest(s))
	return string(out)
}

func smallest(s map[string]any) any {
	if enum, ok := s["enum"].([]any); ok && len(enum) > 0 {
		return enum[0]
	}
	typ, _ := s["type"].(string)
	if types, ok := s["type"].([]any); ok {
		for _, t := range types {
			if t == "null" {
				return nil
			}
			if ts, ok := t.(string); ok && typ == "" {
				typ = ts
			}
		}
	}
	switch typ {
	case "object":
		props, _ := s["properties"].(map[string]any)
		var required []string
		if rs, ok := s["required"].([]any); ok {
			for _, r := range rs {
				if name, ok := r.(string); ok {
					required = append(required, name)
				}
			}
		}
		out := map[string]any{}
		for name, p := range props {
			sub, _ := p.(map[string]any)
			if sub != nil && (required == nil || slices.Contains(required, name)) {
				out[name] = smallest(sub)
			}
		}
		return out
	case "array":
		return []any{}
	case "boolean":
		return false
	case "integer", "number":
		return 0
	case "null":
		return nil
	}
	return ""
}
