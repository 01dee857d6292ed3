package publiclist

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/klauspost/compress/s2"
)

func mustDecode(t *testing.T, b []byte) []byte {
	t.Helper()
	d, err := s2.Decode(nil, b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestKeptItemsStayWithinTheirBudgetAndTheirStamps(t *testing.T) {
	c := newItems(16 << 10)
	noise := rand.New(rand.NewPCG(1, 2))
	incompressible := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(noise.Uint32())
		}
		return b
	}
	for i := 0; i < 100; i++ {
		c.put(c.generation(), "col", strconv.Itoa(i), "s1", incompressible(512))
		if c.bytes > c.maxBytes {
			t.Fatalf("after %d items %d bytes are kept, past the budget of %d", i+1, c.bytes, c.maxBytes)
		}
	}
	if n := len(c.byKey); n < 30 || n > 32 {
		t.Errorf("%d items of 512 bytes kept in 16 KiB, want 30 to 32", n)
	}
	sum := 0
	for _, it := range c.byKey {
		sum += len(it.json)
	}
	if sum != c.bytes {
		t.Errorf("kept %d bytes, counted %d", sum, c.bytes)
	}

	c.put(c.generation(), "col", "a", "s1", []byte(`{"a":1}`))
	if b, ok := c.get("col", "a", "s1"); !ok || string(mustDecode(t, b)) != `{"a":1}` {
		t.Errorf("kept %q, want the encoding put", b)
	}
	for _, tc := range []struct {
		name, collection, id, stamp string
		kept                        bool
	}{
		{"the same stamp", "col", "a", "s1", true},
		{"a later stamp", "col", "a", "s2", false},
		{"another collection", "other", "a", "s1", false},
		{"another record", "col", "b", "s1", false},
	} {
		if _, ok := c.get(tc.collection, tc.id, tc.stamp); ok != tc.kept {
			t.Errorf("%s: kept %v, want %v", tc.name, ok, tc.kept)
		}
	}

	gen := c.generation()
	c.forget("col", "a")
	if _, ok := c.get("col", "a", "s1"); ok {
		t.Error("a forgotten record is still kept")
	}
	c.put(gen, "col", "a", "s1", []byte(`{"a":"old"}`))
	if _, ok := c.get("col", "a", "s1"); ok {
		t.Error("an encoding made before its record was forgotten was kept")
	}

	c.forgetAll()
	if len(c.byKey) != 0 || c.bytes != 0 {
		t.Errorf("after forgetAll %d items, %d bytes are kept", len(c.byKey), c.bytes)
	}
	c.put(c.generation(), "col", "big", "s1", incompressible(c.maxBytes/8))
	if _, ok := c.get("col", "big", "s1"); ok {
		t.Error("an item of an eighth of the budget was kept")
	}
}
