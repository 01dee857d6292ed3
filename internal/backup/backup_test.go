package backup_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/kopilka/kopilka/internal/backup"
	"github.com/kopilka/kopilka/internal/schema"
	_ "github.com/kopilka/kopilka/pb_migrations"
)

func TestSignAndVerify(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	other := bytes.Repeat([]byte{8}, 32)
	manifest := []byte(`{"version":2,"records":{"teachers":3}}`)
	good := backup.Sign(key, manifest)
	for _, c := range []struct {
		name      string
		key       []byte
		manifest  []byte
		signature []byte
		want      string // "" verifies
	}{
		{"genuine", key, manifest, good, ""},
		{"manifest changed", key, []byte(`{"version":2,"records":{"teachers":4}}`), good, "manifest was changed after signing"},
		{"signed with another key", other, manifest, good, "names another key"},
		{"forged MAC under the right key id", key, manifest, bytes.Replace(good, []byte(`"mac": "`), []byte(`"mac": "00`), 1), "manifest was changed after signing"},
		{"MAC not hex", key, manifest, []byte(`{"algorithm":"HMAC-SHA256","key_id":"x","mac":"zz"}`), "not hex"},
		{"another algorithm", key, manifest, []byte(`{"algorithm":"none","mac":""}`), `uses "none"`},
		{"empty signature file", key, manifest, nil, "unreadable"},
		{"signature of an empty manifest", key, manifest, backup.Sign(key, nil), "manifest was changed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := backup.Verify(c.key, c.manifest, c.signature)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("got %v, want an error with %q", err, c.want)
			}
		})
	}
}

func TestBackupKeyFile(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "pb_data")
	for _, c := range []struct {
		name, flag, env, want string
	}{
		{"default: beside the data folder", "", "", filepath.Join(dir, backup.KeyFileName)},
		{"environment", "", "/etc/kopilka/backup.key", "/etc/kopilka/backup.key"},
		{"flag wins", "/root/k.key", "/etc/kopilka/backup.key", "/root/k.key"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv(backup.KeyFileEnv, c.env)
			if got := backup.KeyPath(data+"/", c.flag); got != c.want {
				t.Errorf("KeyPath = %s, want %s", got, c.want)
			}
		})
	}

	path := filepath.Join(dir, "keys", backup.KeyFileName)
	if _, err := backup.LoadKey(path); !errors.Is(err, backup.ErrNoKey) || !strings.Contains(err.Error(), path) {
		t.Errorf("a missing key: %v", err)
	}
	key, created, err := backup.LoadOrCreateKey(path)
	if err != nil || !created || len(key) != 32 {
		t.Fatalf("create: %d bytes, created %v, %v", len(key), created, err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, %v; want 0600", st.Mode(), err)
	}
	raw, _ := os.ReadFile(path)
	if strings.TrimSpace(string(raw)) != hex.EncodeToString(key) {
		t.Errorf("key file %q is not the key in hex", raw)
	}
	again, created, err := backup.LoadOrCreateKey(path)
	if err != nil || created || !bytes.Equal(again, key) {
		t.Errorf("a second backup made another key (created %v, %v)", created, err)
	}
	short := filepath.Join(dir, "short.key")
	os.WriteFile(short, []byte("00112233\n"), 0o600)
	if _, err := backup.LoadKey(short); err == nil || !strings.Contains(err.Error(), "not a kopilka backup key") {
		t.Errorf("a short key: %v", err)
	}
}

// zipOf writes a zip of entries (name → content) to a temp file; headers
// may change an entry's header before it is written.
func zipOf(t *testing.T, entries []entry) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "a.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		h.SetMode(0o644)
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if e.zeros > 0 {
			_, err = io.CopyN(w, zeros{}, e.zeros)
		} else {
			_, err = w.Write([]byte(e.content))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

type entry struct {
	name, content string
	zeros         int64
	mode          os.FileMode
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// lie rewrites the archive's central directory so that entry i declares
// size bytes (the CRC too is left wrong).
func lie(t *testing.T, archive string, size uint32) {
	t.Helper()
	data, err := os.ReadFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.LastIndex(data, []byte("PK\x01\x02")) // the last central directory header
	// uncompressed size at offset 24 of a central directory header
	copy(data[i+24:], []byte{byte(size), byte(size >> 8), byte(size >> 16), byte(size >> 24)})
	if err := os.WriteFile(archive, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func dirBytes(t *testing.T, dir string) int64 {
	t.Helper()
	var n int64
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			n += info.Size()
		}
		return nil
	})
	return n
}

func TestCheckBoundsUnpacking(t *testing.T) {
	limits := backup.Limits{MaxBytes: 8 << 20, MaxRatio: 20, MinBytes: 1 << 20, MaxEntries: 50}
	manifest := entry{name: backup.ManifestName, content: "{}"}
	many := []entry{manifest}
	for i := 0; i < 60; i++ {
		many = append(many, entry{name: "storage/f" + strings.Repeat("x", i), content: "x"})
	}
	for _, c := range []struct {
		name    string
		entries []entry
		lie     uint32 // rewrite the last entry's declared size
		want    string
	}{
		{"declares 64 MiB in one entry", []entry{manifest, {name: "data.db", zeros: 64 << 20}}, 0, "the entries declare more than"},
		// let through unsigned for brevity: the signature covers the
		// manifest, not the zip's headers, so a genuine archive with an
		// added lying entry gets this far too
		{"declares 1 KiB, inflates to 64 MiB", []entry{manifest, {name: "data.db", zeros: 64 << 20}}, 1024, "inflates to more than 1.0 KiB"},
		{"too many entries", many, 0, "61 entries, more than 50"},
		{"leaves the folder", []entry{manifest, {name: "../evil", content: "x"}}, 0, "not a plain relative path"},
		{"absolute path", []entry{manifest, {name: "/etc/evil", content: "x"}}, 0, "not a plain relative path"},
		{"unclean path", []entry{manifest, {name: "storage/../data.db", content: "x"}}, 0, "not a plain relative path"},
		{"twice the same name", []entry{manifest, {name: "data.db", content: "x"}, {name: "data.db", content: "y"}}, 0, "appears twice"},
		{"a symbolic link", []entry{manifest, {name: "storage/link", content: "/etc/passwd", mode: os.ModeSymlink | 0o777}}, 0, "neither a file nor a folder"},
		{"a folder no backup holds", []entry{manifest, {name: ".autocert_cache/acme_account+key", content: "x"}}, 0, "which no backup holds"},
		{"no manifest", []entry{{name: "data.db", content: "x"}}, 0, "no kopilka-manifest.json"},
		{"not signed", []entry{manifest, {name: "data.db", content: "x"}}, 0, "not signed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			archive := zipOf(t, c.entries)
			if c.lie != 0 {
				lie(t, archive, c.lie)
			}
			dir := filepath.Join(t.TempDir(), "out")
			_, err := backup.Check(archive, dir, backup.CheckOptions{Key: bytes.Repeat([]byte{1}, 32), Limits: limits,
				AllowUnsigned: c.lie != 0})
			if err == nil || !errors.Is(err, backup.ErrRefused) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), archive) {
				t.Fatalf("got %v, want a refusal of %s with %q", err, archive, c.want)
			}
			st, _ := os.Stat(archive)
			if n := dirBytes(t, dir); n > limits.Cap(st.Size()) {
				t.Errorf("wrote %d bytes, more than the cap %d", n, limits.Cap(st.Size()))
			}
		})
	}
}

func TestLimitsCap(t *testing.T) {
	l := backup.Limits{MaxBytes: 10 << 30, MaxRatio: 20, MinBytes: 64 << 20}
	for _, c := range []struct{ size, want int64 }{
		{751 << 10, 64 << 20},   // a small archive: the floor
		{100 << 20, 2000 << 20}, // 20 times
		{1 << 30, 10 << 30},     // the absolute cap
		{1 << 62, 10 << 30},     // no overflow
		{0, 64 << 20},           // empty
	} {
		if got := l.Cap(c.size); got != c.want {
			t.Errorf("Cap(%d) = %d, want %d", c.size, got, c.want)
		}
	}
	if got := (backup.Limits{MaxBytes: 5}).Cap(1 << 40); got != 5 {
		t.Errorf("without a ratio: %d", got)
	}
}

func TestDigestFollowsContentNotLayout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.db")
	db, err := core.DefaultDBConnect(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	exec := func(sql string) {
		t.Helper()
		if _, err := db.NewQuery(sql).Execute(); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec("CREATE TABLE _superusers (id TEXT PRIMARY KEY, email TEXT, password TEXT, tokenKey TEXT)")
	exec("CREATE TABLE teachers (id TEXT PRIMARY KEY, name TEXT, public BOOLEAN, rating NUMERIC, extra)")
	exec("CREATE TABLE _migrations (file TEXT, applied INTEGER)")
	exec("INSERT INTO _superusers VALUES ('s1', 'admin@example.com', '$2a$10$hash', 'tk')")
	exec("INSERT INTO teachers VALUES ('t2', 'Б', 0, 4.5, NULL), ('t1', 'А', 1, 3, 1)")
	exec("INSERT INTO _migrations VALUES ('b', 2), ('a', 1)")
	digest := func() backup.Digest {
		t.Helper()
		d, err := backup.DigestDB(db)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	base := digest()

	// the same content in another layout
	for _, sqls := range [][]string{{"PRAGMA wal_checkpoint(TRUNCATE)"}, {"VACUUM"},
		{"DELETE FROM teachers", "INSERT INTO teachers VALUES ('t1', 'А', 1, 3, 1), ('t2', 'Б', 0, 4.5, NULL)"}} {
		for _, sql := range sqls {
			exec(sql)
		}
		if d := digest(); d.Schema != base.Schema || len(d.Tables) != 3 || d.Tables["teachers"] != base.Tables["teachers"] || d.Tables["_migrations"] != base.Tables["_migrations"] {
			t.Errorf("after %q the digest changed", sqls)
		}
	}
	if d, err := backup.DigestFile(path); err != nil || d.Tables["_superusers"] != base.Tables["_superusers"] {
		t.Errorf("the file's digest differs from the connection's: %v", err)
	}

	for _, c := range []struct {
		name, change, undo, table string
	}{
		{"a superuser's password hash", "UPDATE _superusers SET password = '$2a$10$other'", "UPDATE _superusers SET password = '$2a$10$hash'", "_superusers"},
		{"a token key", "UPDATE _superusers SET tokenKey = 'x'", "UPDATE _superusers SET tokenKey = 'tk'", "_superusers"},
		{"a teacher made public", "UPDATE teachers SET public = 1 WHERE id = 't2'", "UPDATE teachers SET public = 0 WHERE id = 't2'", "teachers"},
		{"a value's type only", "UPDATE teachers SET extra = '1' WHERE id = 't1'", "UPDATE teachers SET extra = 1 WHERE id = 't1'", "teachers"},
		{"a real", "UPDATE teachers SET rating = 4.500000001 WHERE id = 't2'", "UPDATE teachers SET rating = 4.5 WHERE id = 't2'", "teachers"},
		{"a row of a table without id", "UPDATE _migrations SET applied = 3 WHERE file = 'b'", "UPDATE _migrations SET applied = 2 WHERE file = 'b'", "_migrations"},
		{"a trigger", "CREATE TRIGGER t AFTER UPDATE ON teachers BEGIN SELECT 1; END", "DROP TRIGGER t", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			exec(c.change)
			d := digest()
			exec(c.undo)
			changed := d.Schema != base.Schema
			if c.table != "" {
				changed = d.Tables[c.table] != base.Tables[c.table]
			}
			if !changed {
				t.Errorf("the digest did not change")
			}
			if again := digest(); again.Schema != base.Schema || again.Tables[c.table] != base.Tables[c.table] {
				t.Errorf("undone, the digest differs")
			}
		})
	}
}

// newApp is a migrated kopilka app with a teacher and a superuser, whose
// backups are signed with the key at keyPath.
func newApp(t *testing.T, keyPath string) *tests.TestApp {
	t.Helper()
	app, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)
	backup.Register(app, func() string { return keyPath })
	save := func(collection string, fields map[string]any) *core.Record {
		t.Helper()
		c, err := app.FindCollectionByNameOrId(collection)
		if err != nil {
			t.Fatal(err)
		}
		r := core.NewRecord(c)
		r.Load(fields)
		if c.IsAuth() {
			r.SetPassword("kopilka-test-1")
		}
		if err := app.Save(r); err != nil {
			t.Fatalf("%s: %v", collection, err)
		}
		return r
	}
	org := save(schema.Organizations, map[string]any{"name": "ИМЦ", "slug": "imc", "kind": "methodical_service"})
	save(schema.Teachers, map[string]any{"name": "Луговая Т. А.", "slug": "lugovaya", "organization": org.Id, "public": false})
	save(core.CollectionNameSuperusers, map[string]any{"email": "admin@example.com"})
	return app
}

func TestScheduledBackupIsSignedAndDashboardRestoreChecked(t *testing.T) {
	keyPath := filepath.Join(t.TempDir(), backup.KeyFileName)
	app := newApp(t, keyPath)
	// the name the nightly job gives
	name := "@auto_pb_backup_kopilka_20260101030000.zip"
	if err := app.CreateBackup(context.Background(), name); err != nil {
		t.Fatal(err)
	}
	archive := filepath.Join(app.DataDir(), core.LocalBackupsDirName, name)
	key, err := backup.LoadKey(keyPath)
	if err != nil {
		t.Fatalf("the first backup made no key: %v", err)
	}
	c, err := backup.Check(archive, filepath.Join(t.TempDir(), "out"), backup.CheckOptions{Key: key, KeyPath: keyPath, Limits: backup.DefaultLimits})
	if err != nil {
		t.Fatalf("the nightly backup does not check: %v", err)
	}
	if !c.Signed || len(c.Warnings) > 0 || c.Manifest.Records[schema.Teachers] != 1 || c.Manifest.Databases["data.db"].Tables["_superusers"] == "" {
		t.Errorf("signed %v, warnings %v, manifest %+v", c.Signed, c.Warnings, c.Manifest.Records)
	}

	// the dashboard's restore of an edited archive is refused before
	// PocketBase touches the data
	edited := "edited.zip"
	rezip(t, archive, filepath.Join(app.DataDir(), core.LocalBackupsDirName, edited), func(name string, data []byte) []byte {
		if name == backup.ManifestName {
			return bytes.Replace(data, []byte(`"teachers": 1`), []byte(`"teachers": 2`), 1)
		}
		return data
	})
	err = app.RestoreBackup(context.Background(), edited)
	if err == nil || !strings.Contains(err.Error(), "signature does not verify") {
		t.Errorf("dashboard restore of an edited archive: %v", err)
	}
	os.Remove(keyPath)
	err = app.RestoreBackup(context.Background(), name)
	if err == nil || !strings.Contains(err.Error(), "no backup key") {
		t.Errorf("dashboard restore without the key: %v", err)
	}
	if n, _ := app.CountRecords(schema.Teachers); n != 1 {
		t.Errorf("the data changed: %d teachers", n)
	}
}

// rezip copies an archive, passing every entry's content through edit.
func rezip(t *testing.T, from, to string, edit func(name string, data []byte) []byte) {
	t.Helper()
	zr, err := zip.OpenReader(from)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(out)
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(edit(f.Name, data))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	out.Close()
}

func TestAccountChanges(t *testing.T) {
	dir := t.TempDir()
	mk := func(name string, sql ...string) string {
		p := filepath.Join(dir, name)
		db, err := dbx.Open("sqlite", p)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, s := range append([]string{
			"CREATE TABLE _superusers (id TEXT PRIMARY KEY, email TEXT, password TEXT, tokenKey TEXT)",
			"CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT, password TEXT, tokenKey TEXT, role TEXT, organization TEXT)",
			"CREATE TABLE organizations (id TEXT PRIMARY KEY, name TEXT, short_name TEXT)",
			"CREATE TABLE teachers (id TEXT PRIMARY KEY, name TEXT, public BOOLEAN)",
			"INSERT INTO organizations VALUES ('o1', 'Школа № 1', 'СОШ № 1'), ('o2', 'Лицей № 4', '')",
		}, sql...) {
			if _, err := db.NewQuery(s).Execute(); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
		return p
	}
	now := mk("now.db",
		"INSERT INTO _superusers VALUES ('s1', 'admin@example.com', 'hash-new', 'k1'), ('s2', 'added-later@example.com', 'h', 'k')",
		"INSERT INTO users VALUES ('u1', 'curator@example.com', 'h1', 'k1', 'curator', 'o1'), ('u2', 'teacher@example.com', 'h2', 'k2', 'teacher', 'o1')",
		"INSERT INTO teachers VALUES ('t1', 'Иванова', 0), ('t2', 'Петров', 1), ('t3', 'Сидорова', 1)")
	then := mk("then.db",
		"INSERT INTO _superusers VALUES ('s1', 'admin@example.com', 'hash-old', 'k0'), ('s3', 'gone@example.com', 'h', 'k')",
		"INSERT INTO users VALUES ('u1', 'curator@example.com', 'h1', 'k9', 'curator', 'o1'), ('u2', 'old-teacher@example.com', 'h2', 'k2', 'school_editor', 'o2')",
		"INSERT INTO teachers VALUES ('t1', 'Иванова', 1), ('t2', 'Петров', 1), ('t4', 'Новикова', 1), ('t5', 'Скрытая', 0)")
	got, err := backup.AccountChanges(now, then)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"superuser added-later@example.com: exists now → removed by the restore",
		"superuser admin@example.com: the password changes (to the one in the backup)",
		"superuser gone@example.com: absent now → added by the restore",
		"user curator@example.com: the sign-in token key changes",
		"user teacher@example.com: email → old-teacher@example.com",
		"user teacher@example.com: organization СОШ № 1 → Лицей № 4",
		"user teacher@example.com: role teacher → school_editor",
		"teacher Иванова: not public now → public after the restore",
		"teacher Новикова: absent now → public after the restore",
		"teacher Сидорова: public now → absent after the restore",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, l := range got {
		if strings.Contains(l, "hash") || strings.Contains(l, "k0") {
			t.Errorf("a secret shown: %s", l)
		}
	}
	if got, err := backup.AccountChanges(filepath.Join(dir, "none.db"), then); err != nil || len(got) != 7 {
		t.Errorf("against no data: %v, %q", err, got)
	}
}
