package interchange

import (
	"os"
	"strings"
	"testing"
)

// The README describes every folder of the format with every key.
func TestTheReadmeDescribesEveryKindOfTheFormat(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	start := strings.Index(readme, "## The interchange format")
	if start < 0 {
		t.Fatal("the README has no section on the interchange format")
	}
	section := readme[start:]
	section = section[:strings.Index(section[3:], "\n## ")+3]
	for _, k := range kinds {
		row := ""
		for _, line := range strings.Split(section, "\n") {
			if strings.HasPrefix(line, "| `"+k.dir+"/`") {
				row = line
			}
		}
		if row == "" {
			t.Errorf("the README has no row for %s/", k.dir)
			continue
		}
		for _, key := range k.keys() {
			if !strings.Contains(row, "`"+key+"`") {
				t.Errorf("the README's row for %s/ lacks the key %s", k.dir, key)
			}
		}
	}
}
