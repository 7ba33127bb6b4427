package ingest

import (
	"testing"
	"unsafe"
)

// TestRecyclerHandsOutZeroedBuffers: a buffer freed is handed out again for a size of its
// class, zeroed and aligned to 64 bytes; grown in place, its new bytes are zero; a buffer
// over the largest class, or not of a class's size, is not kept.
func TestRecyclerHandsOutZeroedBuffers(t *testing.T) {
	var r recycler
	aligned := func(b []byte) bool { return uintptr(unsafe.Pointer(unsafe.SliceData(b)))%64 == 0 }
	a := r.Allocate(1000)
	if len(a) != 1000 || cap(a) != 1024 || !aligned(a) {
		t.Fatalf("len %d cap %d aligned %v", len(a), cap(a), aligned(a))
	}
	for i := range a {
		a[i] = 0xff
	}
	r.Free(a)
	b := r.Allocate(600)
	if unsafe.SliceData(b) != unsafe.SliceData(a) || len(b) != 600 {
		t.Fatalf("the freed buffer was not handed out again (len %d)", len(b))
	}
	for i, c := range b {
		if c != 0 {
			t.Fatalf("byte %d of a recycled buffer is %#x", i, c)
		}
	}
	for i := range b {
		b[i] = 0xff
	}
	g := r.Reallocate(1024, b)
	if unsafe.SliceData(g) != unsafe.SliceData(b) || len(g) != 1024 || g[599] != 0xff || g[600] != 0 || g[1023] != 0 {
		t.Fatalf("grown in place: len %d, bytes %#x %#x %#x", len(g), g[599], g[600], g[1023])
	}
	if s := r.Reallocate(10, g); len(s) != 10 || s[9] != 0xff {
		t.Fatalf("shrunk: len %d", len(s))
	}
	n := r.Reallocate(5000, g)
	if len(n) != 5000 || n[0] != 0xff || n[1023] != 0 || n[4999] != 0 || cap(n) != 8192 {
		t.Fatalf("moved: len %d cap %d", len(n), cap(n))
	}
	r.Free(n)
	r.Free(make([]byte, 3000))
	big := r.Allocate(recycleMax + 1)
	r.Free(big)
	kept := 0
	for _, f := range r.free {
		kept += len(f)
	}
	if kept != 1 || len(r.free[class(8192)]) != 1 {
		t.Errorf("kept %d buffers, want the one of 8 KiB", kept)
	}
}
