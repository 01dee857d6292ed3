package interchange

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with the input, located so a person can fix it.
type Problem struct {
	File   string // relative to the imported folder, with forward slashes
	Line   int    // 1-based; 0 when the problem is about the file as a whole
	Field  string // the front matter key ("slug" for the file's name), or "" for the file itself
	Reason string
}

func (p Problem) String() string {
	line := p.Line
	if line < 1 {
		line = 1
	}
	field := p.Field
	if field == "" {
		field = "-"
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.File, line, field, p.Reason)
}

// Problems is every problem an import found; as an error it prints one
// problem a line, ordered by file and line.
type Problems []Problem

func (ps Problems) Error() string {
	sorted := append(Problems(nil), ps...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].File != sorted[j].File {
			return sorted[i].File < sorted[j].File
		}
		return sorted[i].Line < sorted[j].Line
	})
	lines := make([]string, len(sorted))
	for i, p := range sorted {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
