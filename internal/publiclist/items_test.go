package publiclist

import (
	"bytes"
	"strconv"
	"testing"
)

func TestKeptItemsStayWithinTheirBudgetAndTheirStamps(t *testing.T) {
	c := newItems(16 << 10)
	item := bytes.Repeat([]byte("x"), 512)
	for i := 0; i < 100; i++ {
		c.put(c.generation(), "col", strconv.Itoa(i), "s1", item)
		if c.bytes > c.maxBytes {
			t.Fatalf("after %d items %d bytes are kept, past the budget of %d", i+1, c.bytes, c.maxBytes)
		}
	}
	if len(c.byKey) != 32 {
		t.Errorf("%d items of 512 bytes kept in 16 KiB, want 32", len(c.byKey))
	}
	sum := 0
	for _, it := range c.byKey {
		sum += len(it.json)
	}
	if sum != c.bytes {
		t.Errorf("kept %d bytes, counted %d", sum, c.bytes)
	}

	c.put(c.generation(), "col", "a", "s1", []byte(`{"a":1}`))
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
	c.put(c.generation(), "col", "big", "s1", bytes.Repeat([]byte("x"), c.maxBytes/8))
	if _, ok := c.get("col", "big", "s1"); ok {
		t.Error("an item of an eighth of the budget was kept")
	}
}
