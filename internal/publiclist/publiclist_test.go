package publiclist_test

import (
	"testing"

	"github.com/kopilka/kopilka/internal/publiclist"
)

// The list rules of pb_migrations, as the migrations write them.
const (
	itemRule    = "(status = 'published') || (@request.auth.role = 'curator') || ((@request.auth.id != '') && (authors.user ?= @request.auth.id)) || ((@request.auth.role = 'school_editor') && (organization = @request.auth.organization))"
	teacherRule = "(public = true) || (@request.auth.role = 'curator') || ((@request.auth.id != '') && (user = @request.auth.id)) || ((@request.auth.role = 'school_editor') && (organization = @request.auth.organization))"
)

func TestAnonymousDropsOnlyWhatCannotHoldWithoutAnAccount(t *testing.T) {
	for _, c := range []struct {
		rule, want string
		ok         bool
	}{
		{itemRule, "status = 'published'", true},
		{teacherRule, "public = true", true},
		{"(" + itemRule + ")", "status = 'published'", true},
		{"status = 'published' || @request.auth.role = 'curator'", "status = 'published'", true},
		{"status = 'published' || 'curator' = @request.auth.role", "status = 'published'", true},
		{"status = \"it's\" || @request.auth.id != ''", "status = \"it's\"", true},
		{"status = 'a\\'b' || @request.auth.id != ''", `status = "a'b"`, true},
		{"status = 'a' || kind = 'b' || @request.auth.id != ''", "(status = 'a') || (kind = 'b')", true},
		{"year >= 2020 || (@request.auth.id != '' && (@request.auth.role = 'x' || owner = @request.auth.id))", "year >= 2020", true},
		{"status = 'published' || (@request.auth.role = 'a' || @request.auth.role = 'b')", "status = 'published'", true},

		// may hold without an account: the empty text equals the empty text,
		// differs from any other
		{"status = 'published' || @request.auth.role = ''", "", false},
		{"status = 'published' || @request.auth.role != 'curator'", "", false},
		{"status = 'published' || @request.auth.id = @request.body.id", "", false},
		{"status = 'published' || (@request.auth.role = 'a' || owner = 'b')", "", false},
		{"status = 'published' || @request.auth.id:isset = false", "", false},
		{"status = 'published' || @request.auth.role ~ 'cur'", "", false},
		// not joined by «||» at the top, mixed joins, not plain
		{"status = 'published' && @request.auth.id = ''", "", false},
		{"@request.auth.id != '' && owner = 'x' || status = 'published'", "", false},
		{"status = 'published' || (@request.auth.id != '' && x = 1 || y = 2)", "", false},
		{"authors.name = 'x' || @request.auth.id != ''", "", false},
		{"@collection.users.id = 'x' || @request.auth.id != ''", "", false},
		{"status ?= 'published' || @request.auth.id != ''", "", false},
		{"status = @request.query.s || @request.auth.id != ''", "", false},
		{"created > @now || @request.auth.id != ''", "", false},
		// nothing left: PocketBase lists nothing itself
		{"@request.auth.role = 'curator'", "", false},
		{"", "", false},
		{"status = ", "", false},
	} {
		got, ok := publiclist.Anonymous(c.rule)
		if got != c.want || ok != c.ok {
			t.Errorf("Anonymous(%q) = %q, %v; want %q, %v", c.rule, got, ok, c.want, c.ok)
		}
	}
}
