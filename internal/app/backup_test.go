package app_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"database/sql"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	_ "modernc.org/sqlite"

	"github.com/kopilka/kopilka/internal/backup"
	"github.com/kopilka/kopilka/internal/datalock"
	"github.com/kopilka/kopilka/internal/schema"
)

// backupData is the small installation the backup tests start from.
const backupData = "testdata/backup"

// manifestOf describes a data folder: records, QR codes, files and the
// digest of data.db (auxiliary.db, the logs, changes with every command).
func manifestOf(t *testing.T, dataDir string) backup.Manifest {
	t.Helper()
	m, err := backup.TakeDir(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	delete(m.Databases, "auxiliary.db")
	return m
}

// withApp runs fn on the data folder opened as a PocketBase app.
func withApp(t *testing.T, dataDir string, fn func(app core.App)) {
	t.Helper()
	a := core.NewBaseApp(core.BaseAppConfig{DataDir: dataDir})
	if err := a.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer a.ResetBootstrapState()
	fn(a)
}

// installation imports the backup test data into a new data folder with a
// superuser and a curator, and makes a backup of it; it returns the data
// folder and a copy of the archive.
func installation(t *testing.T) (data, archive string) {
	t.Helper()
	data = filepath.Join(t.TempDir(), "pb_data")
	if code, _, stderr := run(t, "import", backupData, "--dir", data); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	if code, _, stderr := run(t, "superuser", "upsert", "admin@example.com", "first-password-1", "--dir", data); code != 0 {
		t.Fatalf("superuser: %s", stderr)
	}
	withApp(t, data, func(app core.App) {
		org, err := app.FindFirstRecordByData(schema.Organizations, "slug", "imc")
		if err != nil {
			t.Fatal(err)
		}
		users, err := app.FindCollectionByNameOrId(schema.Users)
		if err != nil {
			t.Fatal(err)
		}
		u := core.NewRecord(users)
		u.SetEmail("curator@example.com")
		u.SetPassword("curator-password-1")
		u.Set("role", schema.RoleCurator)
		u.Set("organization", org.Id)
		if err := app.Save(u); err != nil {
			t.Fatal(err)
		}
	})
	code, stdout, stderr := run(t, "backup", "--name", "before.zip", "--dir", data)
	if code != 0 {
		t.Fatalf("backup: %s", stderr)
	}
	written := strings.TrimPrefix(stdout[strings.LastIndex(stdout, "backup written to "):], "backup written to ")
	archive = filepath.Join(t.TempDir(), "before.zip")
	copyFile(t, strings.TrimSpace(written), archive)
	return data, archive
}

// same fails the test when the data folder no longer matches want.
func same(t *testing.T, what string, want backup.Manifest, dataDir string) {
	t.Helper()
	if d := backup.Diff(want, manifestOf(t, dataDir)); len(d) != 0 {
		t.Errorf("%s: %v", what, d)
	}
}

func TestBackupAndVerifiedRestore(t *testing.T) {
	data := filepath.Join(t.TempDir(), "pb_data")
	if code, _, stderr := run(t, "import", backupData, "--dir", data); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	original := manifestOf(t, data)
	code, stdout, stderr := run(t, "backup", "--name", "before.zip", "--dir", data)
	if code != 0 {
		t.Fatalf("backup: %s", stderr)
	}
	keyPath := filepath.Join(filepath.Dir(data), backup.KeyFileName)
	if !strings.Contains(stdout, "created a new backup key "+keyPath) {
		t.Errorf("the first backup does not say it made the key:\n%s", stdout)
	}
	if st, err := os.Stat(keyPath); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("backup key %s: %v", keyPath, err)
	}
	archive := strings.TrimSpace(stdout[strings.LastIndex(stdout, "backup written to ")+len("backup written to "):])
	if _, err := os.Stat(archive); err != nil {
		t.Fatalf("no archive at %q: %v", archive, err)
	}
	saved := filepath.Join(t.TempDir(), "before.zip")
	copyFile(t, archive, saved)
	if names := zipNames(t, saved); !names[backup.ManifestName] || !names[backup.SignatureName] || names[backup.KeyFileName] {
		t.Errorf("the archive holds %v", names)
	}

	// the data changes after the backup
	if code, _, stderr := run(t, "import", "../demo/data", "--dir", data); code != 0 {
		t.Fatalf("second import: %s", stderr)
	}
	changed := manifestOf(t, data)
	if len(backup.Diff(original, changed)) == 0 {
		t.Fatal("the second import changed nothing")
	}

	// a tampered archive is refused and the data stays as it is
	tampered := filepath.Join(t.TempDir(), "tampered.zip")
	tamper(t, saved, tampered)
	code, _, stderr = run(t, "restore", tampered, "--dir", data)
	if code != 1 || !strings.Contains(stderr, "does not match its manifest") || !strings.Contains(stderr, "changed file pbc_materials/") {
		t.Errorf("tampered restore: exit %d, %s", code, stderr)
	}
	same(t, "a refused restore changed the data", changed, data)

	// not beside a running server
	lock, err := datalock.Take(data, "serve")
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, "restore", saved, "--dir", data)
	lock.Release()
	if code != 1 || !strings.Contains(stderr, "stop the server first") {
		t.Errorf("restore beside a server: exit %d, %s", code, stderr)
	}
	same(t, "a refused restore changed the data", changed, data)

	code, stdout, stderr = run(t, "restore", saved, "--dir", data)
	if code != 0 || !strings.Contains(stdout, "restored and verified") || !strings.Contains(stdout, "signed with the backup key "+keyPath) {
		t.Fatalf("restore: exit %d, %s %s", code, stdout, stderr)
	}
	same(t, "the restored data differs from the backup", original, data)
	if original.Records["materials"] != 1 || len(original.Files) != 2 || original.Databases["data.db"].Tables["teachers"] == "" {
		t.Errorf("the manifest is thin: %+v", original)
	}
}

func TestRestoreRefusesEditedDatabase(t *testing.T) {
	data, archive := installation(t)
	before := manifestOf(t, data)
	hash := func(password string) string {
		var h string
		withApp(t, data, func(app core.App) {
			r, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, "admin@example.com")
			if err != nil {
				t.Fatal(err)
			}
			r.SetPassword(password)
			h = r.GetString("password:hash") // not saved
		})
		return h
	}
	edits := map[string]string{
		"a private teacher made public":       "UPDATE teachers SET public = 1 WHERE slug = 'davydova'",
		"a superuser's password hash swapped": "UPDATE _superusers SET password = '" + hash("attacker-password-1") + "' WHERE email = 'admin@example.com'",
	}
	for _, c := range []struct {
		name, edit string
		manifest   string // "kept", "recomputed"
		signature  string // "kept", "removed"
		want       []string
	}{
		{"teacher, manifest kept", edits["a private teacher made public"], "kept", "kept",
			[]string{"does not match its manifest", "data.db: the rows of table teachers differ"}},
		{"teacher, manifest recomputed", edits["a private teacher made public"], "recomputed", "kept",
			[]string{"the signature does not verify with the backup key", "changed after signing"}},
		{"teacher, manifest recomputed, signature removed", edits["a private teacher made public"], "recomputed", "removed",
			[]string{"it is not signed", "--unsigned"}},
		{"password, manifest kept", edits["a superuser's password hash swapped"], "kept", "kept",
			[]string{"does not match its manifest", "data.db: the rows of table _superusers differ"}},
		{"password, manifest recomputed", edits["a superuser's password hash swapped"], "recomputed", "kept",
			[]string{"the signature does not verify with the backup key", "changed after signing"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			forged := forge(t, archive, c.edit, c.manifest == "recomputed", c.signature == "removed")
			code, stdout, stderr := run(t, "restore", forged, "--dir", data)
			if code != 1 {
				t.Fatalf("exit %d: %s %s", code, stdout, stderr)
			}
			for _, w := range append(c.want, forged+" refused", "nothing changed") {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			same(t, "a refused restore changed the data", before, data)
		})
	}

	// --unsigned lets a recomputed forgery through, loudly, and shows what
	// it changes
	forged := forge(t, archive, edits["a private teacher made public"], true, true)
	code, stdout, stderr := run(t, "restore", forged, "--unsigned", "--dir", data)
	if code != 0 || !strings.Contains(stderr, "WARNING: "+forged+": the archive is not signed") ||
		!strings.Contains(stdout, "teacher Давыдова Инна Сергеевна: not public now → public after the restore") ||
		!strings.Contains(stdout, "WITHOUT PROOF OF ORIGIN") || strings.Contains(stdout, "restored and verified") {
		t.Errorf("--unsigned: exit %d\n%s\n%s", code, stdout, stderr)
	}
}

// forge edits data.db inside a copy of archive with the SQL statement edit,
// as someone without the key would: it keeps the manifest and signature,
// or recomputes the manifest with kopilka's own code and keeps or drops
// the old signature.
func forge(t *testing.T, archive, edit string, recompute, dropSignature bool) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "x")
	unzip(t, archive, dir)
	db, err := sql.Open("sqlite", filepath.Join(dir, "data.db"))
	if err != nil {
		t.Fatal(err)
	}
	if res, err := db.Exec(edit); err != nil {
		t.Fatalf("%s: %v", edit, err)
	} else if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("%s: %d rows", edit, n)
	}
	db.Close()
	if recompute {
		m, err := backup.TakeDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.MarshalIndent(m, "", " ")
		if err := os.WriteFile(filepath.Join(dir, backup.ManifestName), append(raw, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if dropSignature {
		os.Remove(filepath.Join(dir, backup.SignatureName))
	}
	out := filepath.Join(t.TempDir(), "forged.zip")
	zipDir(t, dir, out)
	return out
}

func TestRestoreShowsAccountAndConsentChanges(t *testing.T) {
	data, archive := installation(t)
	before := manifestOf(t, data)

	// since the backup: a new superuser, the first one's password changed,
	// the curator made a teacher, a public teacher withdrew consent
	if code, _, stderr := run(t, "superuser", "upsert", "second@example.com", "second-password-1", "--dir", data); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := run(t, "superuser", "upsert", "admin@example.com", "changed-password-1", "--dir", data); code != 0 {
		t.Fatal(stderr)
	}
	withApp(t, data, func(app core.App) {
		u, err := app.FindAuthRecordByEmail(schema.Users, "curator@example.com")
		if err != nil {
			t.Fatal(err)
		}
		u.Set("role", schema.RoleTeacher)
		teacher, err := app.FindFirstRecordByData(schema.Teachers, "slug", "lugovaya")
		if err != nil {
			t.Fatal(err)
		}
		teacher.Set("public", false)
		for _, r := range []*core.Record{u, teacher} {
			if err := app.Save(r); err != nil {
				t.Fatal(err)
			}
		}
	})

	code, stdout, stderr := run(t, "restore", archive, "--dir", data)
	if code != 0 || !strings.Contains(stdout, "restored and verified") {
		t.Fatalf("restore: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"accounts and consent: what the restore changes (4)",
		"  superuser admin@example.com: the password changes (to the one in the backup)",
		"  superuser second@example.com: exists now → removed by the restore",
		"  user curator@example.com: role teacher → curator",
		"  teacher Луговая Татьяна Андреевна: not public now → public after the restore",
	} {
		if !strings.Contains(stdout, want+"\n") {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "$2a$") || strings.Index(stdout, "accounts and consent") > strings.Index(stdout, "restored and verified") {
		t.Errorf("a hash shown, or the changes printed after the data was replaced:\n%s", stdout)
	}
	same(t, "the restored data differs from the backup", before, data)

	// restoring the same backup again changes nothing more
	code, stdout, _ = run(t, "restore", archive, "--dir", data)
	if code != 0 || !strings.Contains(stdout, "accounts and consent: the restore changes nothing") {
		t.Errorf("second restore: exit %d\n%s", code, stdout)
	}

	// on a new machine everything is new
	fresh := filepath.Join(t.TempDir(), "pb_data")
	key := filepath.Join(filepath.Dir(data), backup.KeyFileName)
	code, stdout, stderr = run(t, "restore", archive, "--backup-key", key, "--dir", fresh)
	for _, want := range []string{"superuser admin@example.com: absent now → added by the restore",
		"user curator@example.com: absent now → added by the restore (curator)",
		"teacher Луговая Татьяна Андреевна: absent now → public after the restore"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("restore into a new folder: exit %d, stdout lacks %q:\n%s%s", code, want, stdout, stderr)
		}
	}
	same(t, "the data restored into a new folder differs from the backup", before, fresh)
}

func TestRestoreRefusesZipBomb(t *testing.T) {
	data, _ := installation(t)
	before := manifestOf(t, data)
	const size = 400 << 20
	bomb := filepath.Join(t.TempDir(), "bomb.zip")
	writeBomb(t, bomb, size)
	st, _ := os.Stat(bomb)
	if st.Size() > 2<<20 {
		t.Fatalf("the bomb is %d bytes compressed", st.Size())
	}

	for _, c := range []struct {
		name string
		lie  bool // the central directory declares 1 KiB
		args []string
		want string
	}{
		{"declared", false, nil, "the entries declare more than 64.0 MiB"},
		{"declared, with a larger absolute cap", false, []string{"--max-unpacked", "20GiB", "--max-ratio", "0"}, ""},
		{"lying", true, []string{"--unsigned"}, "entry data.db inflates to more than 1.0 KiB"},
	} {
		t.Run(c.name, func(t *testing.T) {
			archive := bomb
			if c.lie {
				archive = filepath.Join(t.TempDir(), "lying.zip")
				copyFile(t, bomb, archive)
				declare(t, archive, "data.db", 1024)
			}
			start := time.Now()
			code, stdout, stderr := run(t, append([]string{"restore", archive, "--dir", data}, c.args...)...)
			took := time.Since(start)
			if c.want == "" {
				// no size limit left: the signature check still refuses it
				// before anything is unpacked
				if code != 1 || !strings.Contains(stderr, "it is not signed") {
					t.Errorf("exit %d: %s %s", code, stdout, stderr)
				}
			} else if code != 1 || !strings.Contains(stderr, c.want) || !strings.Contains(stderr, "too large to unpack") || !strings.Contains(stderr, "nothing changed") {
				t.Errorf("exit %d: %s %s", code, stdout, stderr)
			}
			if took > 5*time.Second {
				t.Errorf("the refusal took %s", took)
			}
			if left, _ := filepath.Glob(data + ".restore-*"); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
			same(t, "a refused restore changed the data", before, data)
		})
	}
}

// writeBomb writes a zip with a manifest and a data.db of size zero bytes.
func writeBomb(t *testing.T, path string, size int64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	w, _ := zw.Create(backup.ManifestName)
	w.Write([]byte(`{}`))
	w, _ = zw.Create("data.db")
	buf := make([]byte, 1<<20)
	for n := int64(0); n < size; n += int64(len(buf)) {
		if _, err := w.Write(buf); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// declare rewrites the uncompressed size an entry declares in the
// archive's central directory.
func declare(t *testing.T, archive, name string, size uint32) {
	t.Helper()
	raw, err := os.ReadFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; ; {
		j := bytes.Index(raw[i:], []byte("PK\x01\x02"))
		if j < 0 {
			t.Fatalf("no central directory entry %s", name)
		}
		h := raw[i+j:]
		n := int(h[28]) | int(h[29])<<8
		if string(h[46:46+n]) == name {
			copy(h[24:28], []byte{byte(size), byte(size >> 8), byte(size >> 16), byte(size >> 24)})
			break
		}
		i += j + 4
	}
	if err := os.WriteFile(archive, raw, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRestoreWithoutTheKey(t *testing.T) {
	data, archive := installation(t)
	before := manifestOf(t, data)

	missing := filepath.Join(t.TempDir(), "nowhere", backup.KeyFileName)
	code, _, stderr := run(t, "restore", archive, "--backup-key", missing, "--dir", data)
	for _, want := range []string{"no backup key at " + missing, "the origin of " + archive + " cannot be checked", "--backup-key", backup.KeyFileEnv, "nothing changed"} {
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("exit %d, stderr lacks %q:\n%s", code, want, stderr)
		}
	}

	// another installation's key, from the environment
	other := filepath.Join(t.TempDir(), "other.key")
	if _, _, err := backup.LoadOrCreateKey(other); err != nil {
		t.Fatal(err)
	}
	t.Setenv(backup.KeyFileEnv, other)
	code, _, stderr = run(t, "restore", archive, "--dir", data)
	if code != 1 || !strings.Contains(stderr, "does not verify with the backup key "+other) || !strings.Contains(stderr, "names another key") {
		t.Errorf("another key: exit %d, %s", code, stderr)
	}
	same(t, "a refused restore changed the data", before, data)

	// the flag wins over the environment
	code, stdout, stderr := run(t, "restore", archive, "--backup-key", filepath.Join(filepath.Dir(data), backup.KeyFileName), "--dir", data)
	if code != 0 || !strings.Contains(stdout, "restored and verified") {
		t.Errorf("with the right key: exit %d, %s %s", code, stdout, stderr)
	}

	// a backup signed with a key given by flag restores with that key only
	custom := filepath.Join(t.TempDir(), "custom.key")
	code, stdout, stderr = run(t, "backup", "--name", "custom.zip", "--backup-key", custom, "--dir", data)
	if code != 0 || !strings.Contains(stdout, "created a new backup key "+custom) {
		t.Fatalf("backup with --backup-key: exit %d, %s %s", code, stdout, stderr)
	}
	signed := filepath.Join(t.TempDir(), "custom.zip")
	copyFile(t, filepath.Join(data, "backups", "custom.zip"), signed)
	t.Setenv(backup.KeyFileEnv, "")
	if code, _, stderr := run(t, "restore", signed, "--dir", data); code != 1 || !strings.Contains(stderr, "names another key") {
		t.Errorf("with the default key: exit %d, %s", code, stderr)
	}
	if code, stdout, stderr := run(t, "restore", signed, "--backup-key", custom, "--dir", data); code != 0 || !strings.Contains(stdout, "restored and verified") {
		t.Errorf("with its key: exit %d, %s %s", code, stdout, stderr)
	}
}

func TestRestoreUnsignedOldBackup(t *testing.T) {
	data, archive := installation(t)
	before := manifestOf(t, data)
	// a backup as made before backups were signed: no signature, a
	// manifest without version, digests or other files
	dir := filepath.Join(t.TempDir(), "x")
	unzip(t, archive, dir)
	os.Remove(filepath.Join(dir, backup.SignatureName))
	raw, _ := os.ReadFile(filepath.Join(dir, backup.ManifestName))
	var m backup.Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	m.Version, m.Created, m.Other, m.Databases = 0, "", nil, nil
	raw, _ = json.Marshal(m)
	os.WriteFile(filepath.Join(dir, backup.ManifestName), raw, 0o644)
	old := filepath.Join(t.TempDir(), "old.zip")
	zipDir(t, dir, old)

	code, _, stderr := run(t, "restore", old, "--dir", data)
	if code != 1 || !strings.Contains(stderr, "it is not signed") {
		t.Errorf("without --unsigned: exit %d, %s", code, stderr)
	}
	code, stdout, stderr := run(t, "restore", old, "--unsigned", "--dir", data)
	if code != 0 || !strings.Contains(stderr, "WARNING: "+old+": the archive is not signed") ||
		!strings.Contains(stderr, "predates database digests") || !strings.Contains(stdout, "WITHOUT PROOF OF ORIGIN") {
		t.Errorf("with --unsigned: exit %d\n%s\n%s", code, stdout, stderr)
	}
	same(t, "the restored data differs from the backup", before, data)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func zipNames(t *testing.T, archive string) map[string]bool {
	t.Helper()
	zr, err := zip.OpenReader(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
	}
	return names
}

func unzip(t *testing.T, archive, dir string) {
	t.Helper()
	zr, err := zip.OpenReader(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func zipDir(t *testing.T, dir, archive string) {
	t.Helper()
	out, err := os.Create(archive)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(out)
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		w, err := zw.Create(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		content, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		_, err = w.Write(content)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	out.Close()
}

// tamper rewrites one stored file inside the archive.
func tamper(t *testing.T, from, to string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "x")
	unzip(t, from, dir)
	pdfs, _ := filepath.Glob(filepath.Join(dir, "storage", "*", "*", "*.pdf"))
	if len(pdfs) == 0 {
		t.Fatal("no stored PDF to tamper with")
	}
	if err := os.WriteFile(pdfs[0], []byte("%PDF-1.4 forged"), 0o644); err != nil {
		t.Fatal(err)
	}
	zipDir(t, dir, to)
}

func TestBackupsAreScheduledFromInstall(t *testing.T) {
	a := fixture.App(t)
	if s := a.Settings().Backups; s.Cron != "0 3 * * *" || s.CronMaxKeep != 7 {
		t.Errorf("backup schedule %q keep %d, want nightly with 7 kept", s.Cron, s.CronMaxKeep)
	}
}
