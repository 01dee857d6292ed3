// Package orphans removes stored files no record names. PocketBase writes
// a save's files before the save's transaction commits; a process killed
// in between (an import stopped midway) leaves files in storage that the
// rolled-back records never name. Sweeping before the next bulk write
// keeps storage equal to what the database says.
package orphans

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
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
		named, err := namedFiles(app, c, fields)
		if err != nil {
			return removed, err
		}
		objects, err := fsys.List(c.Id + "/")
		if err != nil {
			return removed, fmt.Errorf("orphans: list %s: %w", c.Name, err)
		}
		for _, o := range objects {
			parts := strings.SplitN(strings.TrimPrefix(o.Key, c.Id+"/"), "/", 3)
			if len(parts) < 2 {
				continue
			}
			id, name := parts[0], parts[1]
			if strings.HasPrefix(name, "thumbs_") && len(parts) == 3 {
				name = strings.TrimPrefix(name, "thumbs_")
			}
			if named[id][name] {
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

// namedFiles reads, in one query, the file names each record of c names
// in its file fields: record id → names.
func namedFiles(app core.App, c *core.Collection, fields []string) (map[string]map[string]bool, error) {
	var rows []dbx.NullStringMap
	if err := app.DB().Select(append([]string{"id"}, fields...)...).From(c.Name).All(&rows); err != nil {
		return nil, fmt.Errorf("orphans: %s: %w", c.Name, err)
	}
	named := make(map[string]map[string]bool, len(rows))
	for _, row := range rows {
		files := map[string]bool{}
		for _, f := range fields {
			v := row[f].String
			var list []string
			// a multiple file field holds a JSON array, a single one the name
			if strings.HasPrefix(v, "[") && json.Unmarshal([]byte(v), &list) == nil {
				for _, n := range list {
					files[n] = true
				}
			} else if v != "" {
				files[v] = true
			}
		}
		named[row["id"].String] = files
	}
	return named, nil
}
