package interchange

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"gopkg.in/yaml.v3"

	"github.com/kopilka/kopilka/internal/filename"
)

// Export writes every record of the interchange collections — whatever
// its status — and their attachments to dir in the interchange format.
// The output depends only on the data: exporting what an export imported
// gives the same bytes.
func Export(app core.App, dir string, opts Options) error {
	if opts.TimeZone == nil {
		opts.TimeZone = time.UTC
	}
	fsys, err := app.NewFilesystem()
	if err != nil {
		return fmt.Errorf("export: open storage: %w", err)
	}
	defer fsys.Close()

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	// every file is written through root: whatever a record holds, nothing
	// lands outside dir
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer root.Close()

	slugs := map[string]map[string]string{} // collection → id → slug
	for _, k := range kinds {
		records, err := app.FindAllRecords(k.collection)
		if err != nil {
			return fmt.Errorf("export %s: %w", k.collection, err)
		}
		slugs[k.collection] = map[string]string{}
		for _, r := range records {
			slugs[k.collection][r.Id] = r.GetString("slug")
		}
	}
	for _, k := range kinds {
		records, err := app.FindAllRecords(k.collection)
		if err != nil {
			return fmt.Errorf("export %s: %w", k.collection, err)
		}
		sort.Slice(records, func(i, j int) bool { return records[i].GetString("slug") < records[j].GetString("slug") })
		if len(records) > 0 {
			if err := root.MkdirAll(k.dir, 0o755); err != nil {
				return fmt.Errorf("export: %w", err)
			}
		}
		for _, r := range records {
			data, err := encodeRecord(k, r, slugs, opts)
			if err != nil {
				return fmt.Errorf("export %s/%s: %w", k.dir, r.GetString("slug"), err)
			}
			name := filepath.Join(k.dir, r.GetString("slug")+".md")
			if err := root.WriteFile(name, data, 0o644); err != nil {
				return fmt.Errorf("export: %w", err)
			}
			if err := exportFiles(fsys, k, r, root); err != nil {
				return fmt.Errorf("export %s/%s: %w", k.dir, r.GetString("slug"), err)
			}
		}
	}
	return nil
}

// attachmentPaths returns the interchange path of each stored file of r, in
// the record's order. A kept name that is not a path inside files/ (from a
// database older than the checks of internal/filename) is replaced by the
// stored name.
func attachmentPaths(r *core.Record, column string) []string {
	names := map[string]string{}
	_ = r.UnmarshalJSONField(filename.Field, &names)
	var out []string
	for _, stored := range r.GetStringSlice(column) {
		p := names[stored]
		switch {
		case filename.CheckPath(p) != nil:
			p = r.GetString("slug") + "/" + stored
		case !strings.Contains(p, "/"):
			p = r.GetString("slug") + "/" + p // a bare upload name
		}
		out = append(out, p)
	}
	return out
}

func exportFiles(fsys *filesystem.System, k kind, r *core.Record, root *os.Root) error {
	for _, fl := range k.fields {
		if fl.typ != tFiles {
			continue
		}
		stored := r.GetStringSlice(fl.column)
		for i, p := range attachmentPaths(r, fl.column) {
			target := filepath.Join(filesDir, filepath.FromSlash(p))
			if err := root.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			src, err := fsys.GetReader(r.BaseFilesPath() + "/" + stored[i])
			if err != nil {
				return fmt.Errorf("file %s: %w", stored[i], err)
			}
			out, err := root.Create(target)
			if err != nil {
				src.Close()
				return err
			}
			_, err = io.Copy(out, src)
			src.Close()
			if cerr := out.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return fmt.Errorf("file %s: %w", p, err)
			}
		}
	}
	return nil
}

// encodeRecord writes one record as YAML front matter and its Markdown body.
func encodeRecord(k kind, r *core.Record, slugs map[string]map[string]string, opts Options) ([]byte, error) {
	loc := opts.TimeZone
	if z := r.GetString("timezone"); z != "" {
		l, err := time.LoadLocation(z)
		if err != nil {
			return nil, fmt.Errorf("timezone %q: %w", z, err)
		}
		loc = l
	}
	m := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, value *yaml.Node) {
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, value)
	}
	for _, fl := range k.fields {
		switch fl.typ {
		case tString, tText, tEnum, tZone, tURL, tQR:
			if s := r.GetString(fl.column); s != "" {
				add(fl.key, str(s))
			}
		case tStrings, tEnums:
			if list := r.GetStringSlice(fl.column); len(list) > 0 {
				add(fl.key, flow(list))
			}
		case tBool:
			if b := r.GetBool(fl.column); b || fl.always {
				add(fl.key, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)})
			}
		case tInt:
			if n := r.GetInt(fl.column); n != 0 {
				add(fl.key, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(n)})
			}
		case tNumber:
			if n := r.GetFloat(fl.column); n != 0 || fl.always {
				tag := "!!float"
				if n == math.Trunc(n) {
					tag = "!!int"
				}
				add(fl.key, &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: strconv.FormatFloat(n, 'f', -1, 64)})
			}
		case tDate:
			if t := r.GetDateTime(fl.column); !t.IsZero() {
				add(fl.key, timestamp(t.Time().UTC().Format("2006-01-02")))
			}
		case tDateTime:
			if t := r.GetDateTime(fl.column); !t.IsZero() {
				layout := "2006-01-02T15:04:05"
				if r.GetBool("all_day") {
					layout = "2006-01-02"
				}
				add(fl.key, timestamp(t.Time().In(loc).Format(layout)))
			}
		case tRef:
			if id := r.GetString(fl.column); id != "" {
				add(fl.key, str(slugs[fl.target][id]))
			}
		case tRefs:
			var out []string
			for _, id := range r.GetStringSlice(fl.column) {
				if s := slugs[fl.target][id]; s != "" {
					out = append(out, s)
				}
			}
			if len(out) > 0 {
				add(fl.key, flow(out))
			}
		case tFiles:
			if paths := attachmentPaths(r, fl.column); len(paths) > 0 {
				list := &yaml.Node{Kind: yaml.SequenceNode}
				for _, p := range paths {
					list.Content = append(list.Content, str(p))
				}
				add(fl.key, list)
			}
		}
	}
	var buf bytes.Buffer
	buf.WriteString("---\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	buf.WriteString("---\n")
	if body := strings.TrimSpace(r.GetString(k.body)); k.body != "" && body != "" {
		buf.WriteString("\n")
		buf.WriteString(body)
		buf.WriteString("\n")
	}
	return buf.Bytes(), nil
}

func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(s, "\n") {
		n.Style = yaml.LiteralStyle
	}
	return n
}

func flow(list []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range list {
		n.Content = append(n.Content, str(s))
	}
	return n
}

// timestamp writes a date or date-time unquoted, as people write them.
func timestamp(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: s} // no tag: plain, and no explicit !!timestamp that YAML 1.1 readers refuse
}
