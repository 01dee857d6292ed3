package sitegen

import (
	"os"
	"path/filepath"
)

// tree is the generated part of the Hugo project — content and data files
// by slash path — built in memory, so a live site can write only what
// differs from its last build.
type tree struct {
	files map[string][]byte
	// outputs are the addresses a content file's page is published at:
	// its URL, then its aliases; to remove when the page goes
	outputs map[string][]string
	// sitemap has the address of each content file's page that belongs
	// in the sitemap
	sitemap map[string]sitemapEntry
}

func newTree() *tree {
	return &tree{files: map[string][]byte{}, outputs: map[string][]string{}, sitemap: map[string]sitemapEntry{}}
}

func (t *tree) put(rel string, data []byte, outputs []string) {
	t.files[rel] = data
	if len(outputs) > 0 {
		t.outputs[rel] = outputs
	}
}

// writeTo writes every file under dir.
func (t *tree) writeTo(dir string) error {
	for rel, data := range t.files {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(rel)), data); err != nil {
			return err
		}
	}
	return nil
}

// removeOutputs removes what Hugo published for a page at the addresses
// given, and the folders left empty.
func removeOutputs(publishDir string, addresses []string) {
	for _, a := range addresses {
		d := filepath.Join(publishDir, filepath.FromSlash(a))
		for _, name := range []string{"index.html", "index.xml"} {
			removeFileAndEmptyDirs(publishDir, filepath.Join(d, name))
		}
	}
}

// removeFileAndEmptyDirs removes p and the folders up to root it leaves
// empty.
func removeFileAndEmptyDirs(root, p string) {
	os.Remove(p)
	for d := filepath.Dir(p); len(d) > len(root); d = filepath.Dir(d) {
		if os.Remove(d) != nil {
			return // not empty
		}
	}
}
