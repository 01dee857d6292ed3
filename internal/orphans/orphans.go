// Package orphans removes stored files no record names. PocketBase writes
// a save's files before the save's transaction commits; a process killed
// in between (an import stopped midway) leaves files in storage that the
// rolled-back records never name. Sweeping before the next bulk write
// keeps storage equal to what the database says.
package orphans

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// Sweep deletes every stored file under a collection's folder whose record
// does not exist or does not name it (thumbnails follow their original),
// and returns the keys removed. Run it only while nothing else writes:
// a save in progress has files no record names yet.
func Sweep(app core.App) ([]string, error) {
	collections, err := app.FindAllCollections()
	if err != nil {
		return nil, fmt.Errorf("orphans: collections: %w", err)
	}
	fsys, err := app.NewFilesystem()
	if err != nil {
		return nil, fmt.Errorf("orphans: storage: %w", err)
	}
	defer fsys.Close()
	var removed []string
	for _, c := range collections {
		var fields []string
		for _, f := range c.Fields {
			if f.Type() == core.FieldTypeFile {
				fields = append(fields, f.GetName())
			}
		}
		if len(fields) == 0 {
			continue
		}
		objects, err := fsys.List(c.Id + "/")
		if err != nil {
			return removed, fmt.Errorf("orphans: list %s: %w", c.Name, err)
		}
		named := map[string]map[string]bool{} // record id → file names, nil when no record
		for _, o := range objects {
			parts := strings.SplitN(strings.TrimPrefix(o.Key, c.Id+"/"), "/", 3)
			if len(parts) < 2 {
				continue
			}
			id, name := parts[0], parts[1]
			if strings.HasPrefix(name, "thumbs_") && len(parts) == 3 {
				name = strings.TrimPrefix(name, "thumbs_")
			}
			files, seen := named[id]
			if !seen {
				r, err := app.FindRecordById(c, id)
				switch {
				case err == nil:
					files = map[string]bool{}
					for _, f := range fields {
						for _, n := range r.GetStringSlice(f) {
							files[n] = true
						}
					}
				case !errors.Is(err, sql.ErrNoRows):
					return removed, fmt.Errorf("orphans: %s/%s: %w", c.Name, id, err)
				}
				named[id] = files
			}
			if files[name] {
				continue
			}
			if err := fsys.Delete(o.Key); err != nil {
				return removed, fmt.Errorf("orphans: delete %s: %w", o.Key, err)
			}
			removed = append(removed, o.Key)
		}
	}
	return removed, nil
}
