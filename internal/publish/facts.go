package publish

import (
	"io"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/kopilka/kopilka/internal/model"
	"github.com/kopilka/kopilka/internal/sitegen"
)

// materialFacts is what a snapshot makes of a material record alone: all
// of its sitegen.Material but what depends on other records (its authors,
// school and related materials, named by slug), on adoptions and on link
// checks, which are filled in each snapshot. A live site keeps them by the
// record's id while its updated stamp is the same, and not the record:
// a publish reads the records it changed, not all 10,000, and serve does
// not hold every material's Markdown between publishes.
type materialFacts struct {
	stamp             string           // the record's updated stamp they were read at
	m                 sitegen.Material // files without Open: a snapshot's storage is its own
	authors, related  []string         // ids
	organization      string           // id
	bodyErr, filesErr error
}

// facts keeps the facts of the last snapshot's materials by id, and the
// slugs of the other records read (RecordCache keeps those records).
type facts struct {
	materials, nextMaterials map[string]*materialFacts
	slugs, nextSlugs         map[*core.Record]string
}

// keptMaterial is the facts of material id kept at stamp, or nil.
func (f *facts) keptMaterial(id, stamp string) *materialFacts {
	if f == nil {
		return nil
	}
	if mf, ok := f.materials[id]; ok && mf.stamp == stamp {
		return mf
	}
	return nil
}

// keepMaterial keeps mf, the facts of material id, for the next snapshot —
// unless storage failed to answer, which it may not next time.
func (f *facts) keepMaterial(id string, mf *materialFacts) {
	if f == nil || mf.bodyErr != nil || mf.filesErr != nil {
		return
	}
	if f.nextMaterials == nil {
		f.nextMaterials = make(map[string]*materialFacts, len(f.materials))
	}
	f.nextMaterials[id] = mf
}

// slug is r's slug ("" for a record of a collection without slugs).
func (f *facts) slug(r *core.Record) string {
	if f != nil {
		if s, ok := f.slugs[r]; ok {
			f.keepSlug(r, s)
			return s
		}
	}
	s, ok := model.AsSlugged(r)
	if !ok {
		return ""
	}
	slug := s.Slug()
	if f != nil {
		f.keepSlug(r, slug)
	}
	return slug
}

func (f *facts) keepSlug(r *core.Record, slug string) {
	if f.nextSlugs == nil {
		f.nextSlugs = make(map[*core.Record]string, len(f.slugs))
	}
	f.nextSlugs[r] = slug
}

// done ends a snapshot: the facts of records it did not read are
// forgotten — unless it failed part way, when it read only some.
func (f *facts) done(failed bool) {
	if f == nil {
		return
	}
	if !failed {
		f.materials, f.slugs = f.nextMaterials, f.nextSlugs
	}
	f.nextMaterials, f.nextSlugs = nil, nil
}

// withStorage is files opening through fsys.
func withStorage(files []sitegen.File, fsys *filesystem.System) []sitegen.File {
	if files == nil {
		return nil
	}
	out := make([]sitegen.File, len(files))
	for i, file := range files {
		key := file.Key
		file.Open = func() (io.ReadCloser, error) { return fsys.GetReader(key) }
		out[i] = file
	}
	return out
}
