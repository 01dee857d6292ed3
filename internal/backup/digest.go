package backup

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Digest describes the content of one SQLite database independently of
// its page layout: a checkpoint, a VACUUM or a different WAL state give the
// same digest, while any changed value in any row of any table (password
// hashes and token keys of _superusers and users included), any changed
// rule in _collections or any added trigger gives another one.
type Digest struct {
	// Schema is the sha256 of every table, index, view and trigger
	// definition (sqlite_master, SQLite's own sqlite_* tables left out).
	Schema string `json:"schema"`
	// Tables maps each table to the sha256 of its rows: every column of
	// every row with its type and value, in the order of the primary key
	// id or, without one, of the whole row.
	Tables map[string]string `json:"tables"`
}

// Databases of a data folder that a backup's digests cover.
var Databases = []string{"data.db", "auxiliary.db"}

// DigestDB computes the digest of the database db reads.
func DigestDB(db dbx.Builder) (Digest, error) {
	d := Digest{Tables: map[string]string{}}
	var entries []struct {
		Type string `db:"type"`
		Name string `db:"name"`
		Tbl  string `db:"tbl_name"`
		SQL  string `db:"sql"`
	}
	err := db.NewQuery(`SELECT type, name, tbl_name, IFNULL(sql, '') AS sql FROM sqlite_master
		WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY type, name`).All(&entries)
	if err != nil {
		return d, fmt.Errorf("digest: schema: %w", err)
	}
	h := sha256.New()
	for _, e := range entries {
		writeField(h, e.Type)
		writeField(h, e.Name)
		writeField(h, e.Tbl)
		writeField(h, e.SQL)
		h.Write([]byte{'\n'})
	}
	d.Schema = hex.EncodeToString(h.Sum(nil))
	for _, e := range entries {
		if e.Type != "table" {
			continue
		}
		sum, err := digestTable(db, e.Name)
		if err != nil {
			return d, fmt.Errorf("digest: table %s: %w", e.Name, err)
		}
		d.Tables[e.Name] = sum
	}
	return d, nil
}

func digestTable(db dbx.Builder, table string) (string, error) {
	var cols []struct {
		Name string `db:"name"`
		PK   int    `db:"pk"`
	}
	if err := db.NewQuery("SELECT name, pk FROM pragma_table_info({:t}) ORDER BY cid").Bind(dbx.Params{"t": table}).All(&cols); err != nil {
		return "", err
	}
	h := sha256.New()
	if len(cols) == 0 {
		return hex.EncodeToString(h.Sum(nil)), nil
	}
	sel := make([]string, len(cols))
	order := make([]string, len(cols))
	pks := 0
	byID := false
	for i, c := range cols {
		writeField(h, c.Name)
		// quote() writes a value with its type; reals come out through Go
		// instead, whose shortest exact form does not change with SQLite's
		// version
		sel[i] = fmt.Sprintf("CASE WHEN typeof(%[1]s) = 'real' THEN %[1]s ELSE quote(%[1]s) END", ident(c.Name))
		order[i] = strconv.Itoa(i + 1)
		if c.PK > 0 {
			pks++
			byID = byID || c.Name == "id"
		}
	}
	h.Write([]byte{'\n'})
	// a single primary key id orders every row; otherwise the selected
	// values themselves do (ordinals refer to the results above, which
	// compare as numbers or byte by byte)
	by := strings.Join(order, ", ")
	if byID && pks == 1 {
		by = ident("id")
	}
	rows, err := db.NewQuery("SELECT " + strings.Join(sel, ", ") + " FROM " + ident(table) + " ORDER BY " + by).Rows()
	if err != nil {
		return "", err
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		for _, v := range vals {
			switch v := v.(type) {
			case float64:
				writeField(h, "r"+strconv.FormatFloat(v, 'g', -1, 64))
			case string:
				writeField(h, "q"+v)
			case []byte:
				writeField(h, "q"+string(v))
			default:
				return "", fmt.Errorf("unexpected value of type %T", v)
			}
		}
		h.Write([]byte{'\n'})
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// writeField writes s with its length, so that no two sequences of fields
// hash alike.
func writeField(h hash.Hash, s string) {
	h.Write([]byte(strconv.Itoa(len(s))))
	h.Write([]byte{':'})
	h.Write([]byte(s))
}

func ident(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// DigestFile computes the digest of the database file at path, opened the
// way PocketBase opens it (a WAL beside it is part of its content).
func DigestFile(path string) (Digest, error) {
	if _, err := os.Stat(path); err != nil {
		return Digest{}, err // opening would create an empty database
	}
	db, err := core.DefaultDBConnect(path)
	if err != nil {
		return Digest{}, err
	}
	defer db.Close()
	return DigestDB(db)
}

// diffDigest lists how the database name's got differs from want.
func diffDigest(name string, want, got Digest) []string {
	var out []string
	if want.Schema != got.Schema {
		out = append(out, name+": the schema (tables, indexes, triggers) differs")
	}
	for t, h := range want.Tables {
		switch g, ok := got.Tables[t]; {
		case !ok:
			out = append(out, name+": missing table "+t)
		case g != h:
			out = append(out, name+": the rows of table "+t+" differ")
		}
	}
	for t := range got.Tables {
		if _, ok := want.Tables[t]; !ok {
			out = append(out, name+": unexpected table "+t)
		}
	}
	sort.Strings(out)
	return out
}
