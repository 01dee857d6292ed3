package workflow

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// normalizeLineEndings keeps every text of every record in Unix line
// endings: browsers send a textarea's lines with CRLF, and a stored CR
// would make an export differ from the text that was written.
func normalizeLineEndings(e *core.RecordEvent) error {
	for _, f := range e.Record.Collection().Fields {
		switch f.(type) {
		case *core.TextField, *core.EditorField:
		default:
			continue
		}
		v := e.Record.GetString(f.GetName())
		if strings.ContainsRune(v, '\r') {
			e.Record.Set(f.GetName(), strings.ReplaceAll(strings.ReplaceAll(v, "\r\n", "\n"), "\r", "\n"))
		}
	}
	return e.Next()
}
