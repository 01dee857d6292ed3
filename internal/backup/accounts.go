package backup

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"

	"github.com/pocketbase/dbx"

	"github.com/kopilka/kopilka/internal/schema"
)

// AccountChanges lists what replacing the database nowDB (the data in use;
// it may not exist) by thenDB (the backup's) changes in accounts and in
// consent to publication: superusers and users added or removed, whose
// email, password, sign-in token key, role or organization changes, and
// teachers whose public profile appears or disappears. Accounts are named
// by email and teachers by name; hashes and keys are never shown. nowDB is
// opened read-only.
func AccountChanges(nowDB, thenDB string) ([]string, error) {
	now, err := readAccounts(nowDB)
	if err != nil {
		return nil, fmt.Errorf("the current data: %w", err)
	}
	then, err := readAccounts(thenDB)
	if err != nil {
		return nil, fmt.Errorf("the backup: %w", err)
	}
	var out []string
	out = append(out, diffAccounts("superuser", now.superusers, then.superusers, now, then)...)
	out = append(out, diffAccounts("user", now.users, then.users, now, then)...)
	var teachers []string
	for id, t := range then.teachers {
		switch n, ok := now.teachers[id]; {
		case !ok && isTrue(t["public"]):
			teachers = append(teachers, fmt.Sprintf("teacher %s: absent now → public after the restore", t["name"]))
		case ok && isTrue(n["public"]) != isTrue(t["public"]):
			teachers = append(teachers, fmt.Sprintf("teacher %s: %s now → %s after the restore", t["name"], publicWord(n), publicWord(t)))
		}
	}
	for id, n := range now.teachers {
		if _, ok := then.teachers[id]; !ok && isTrue(n["public"]) {
			teachers = append(teachers, fmt.Sprintf("teacher %s: public now → absent after the restore", n["name"]))
		}
	}
	sort.Strings(teachers)
	return append(out, teachers...), nil
}

type row = map[string]string

type accounts struct {
	superusers, users, teachers, orgs map[string]row
}

func readAccounts(path string) (accounts, error) {
	a := accounts{superusers: map[string]row{}, users: map[string]row{}, teachers: map[string]row{}, orgs: map[string]row{}}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return a, nil
	}
	db, err := dbx.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return a, err
	}
	defer db.Close()
	for table, into := range map[string]map[string]row{"_superusers": a.superusers, schema.Users: a.users,
		schema.Teachers: a.teachers, schema.Organizations: a.orgs} {
		var n int
		if err := db.NewQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = {:t}").Bind(dbx.Params{"t": table}).Row(&n); err != nil {
			return a, err
		}
		if n == 0 {
			continue
		}
		var rows []dbx.NullStringMap
		if err := db.NewQuery("SELECT * FROM " + ident(table)).All(&rows); err != nil {
			return a, fmt.Errorf("%s: %w", table, err)
		}
		for _, r := range rows {
			m := row{}
			for k, v := range r {
				m[k] = v.String
			}
			into[m["id"]] = m
		}
	}
	return a, nil
}

// diffAccounts compares the auth records of one collection.
func diffAccounts(kind string, now, then map[string]row, nowAll, thenAll accounts) []string {
	var out []string
	name := func(r row) string {
		if r["email"] != "" {
			return r["email"]
		}
		return "id " + r["id"]
	}
	for id, t := range then {
		n, ok := now[id]
		if !ok {
			extra := ""
			if t["role"] != "" {
				extra = " (" + t["role"] + ")"
			}
			out = append(out, fmt.Sprintf("%s %s: absent now → added by the restore%s", kind, name(t), extra))
			continue
		}
		who := name(n)
		if n["email"] != t["email"] {
			out = append(out, fmt.Sprintf("%s %s: email → %s", kind, who, name(t)))
		}
		switch {
		case n["password"] != t["password"]:
			out = append(out, fmt.Sprintf("%s %s: the password changes (to the one in the backup)", kind, who))
		case n["tokenKey"] != t["tokenKey"]:
			out = append(out, fmt.Sprintf("%s %s: the sign-in token key changes", kind, who))
		}
		if n["role"] != t["role"] {
			out = append(out, fmt.Sprintf("%s %s: role %s → %s", kind, who, orNone(n["role"]), orNone(t["role"])))
		}
		if n["organization"] != t["organization"] {
			out = append(out, fmt.Sprintf("%s %s: organization %s → %s", kind, who,
				orgName(nowAll, n["organization"]), orgName(thenAll, t["organization"])))
		}
	}
	for id, n := range now {
		if _, ok := then[id]; !ok {
			out = append(out, fmt.Sprintf("%s %s: exists now → removed by the restore", kind, name(n)))
		}
	}
	sort.Strings(out)
	return out
}

func orgName(a accounts, id string) string {
	if id == "" {
		return "none"
	}
	if o, ok := a.orgs[id]; ok {
		if o["short_name"] != "" {
			return o["short_name"]
		}
		return o["name"]
	}
	return id
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func isTrue(s string) bool { return s == "1" || s == "true" }

func publicWord(r row) string {
	if isTrue(r["public"]) {
		return "public"
	}
	return "not public"
}
