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
// checks, which are filled in each snapshot. A live site keeps them while
// the record is unchanged — RecordCache hands out the same *core.Record
// until its stamp changes — so a publish reads the fields of the records
// it changed, not of all 10,000.
type materialFacts struct {
	m                 sitegen.Material // files without Open: a snapshot's storage is its own
	authors, related  []string         // ids
	organization      string           // id
	bodyErr, filesErr error
}

// facts keeps the facts of the last snapshot's records by record, and
// the slugs of all records read.
type facts struct {
	materials, nextMaterials map[*core.Record]*materialFacts
	slugs, nextSlugs         map[*core.Record]string
}

// material is the facts of r, read by read when not kept.
func (f *facts) material(r *core.Record, read func() *materialFacts) *materialFacts {
	if f == nil {
		return read()
	}
	if f.nextMaterials == nil {
		f.nextMaterials = make(map[*core.Record]*materialFacts, len(f.materials))
	}
	mf, ok := f.materials[r]
	if !ok {
		mf = read()
		if mf.bodyErr != nil || mf.filesErr != nil {
			return mf // storage may answer next time: not kept
		}
	}
	f.nextMaterials[r] = mf
	return mf
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
