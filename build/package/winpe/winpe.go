// Package winpe reads what Windows shows of an .exe — machine, subsystem and
// the resources in its .rsrc section — so the cross-built Windows files can be
// checked on Linux, where they cannot run.
package winpe

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"
)

// Resource types (winuser.h) that Explorer, the taskbar and the loader read.
const (
	TypeIcon      = 3
	TypeGroupIcon = 14
	TypeVersion   = 16
	TypeManifest  = 24
)

// Resources returns the data of every resource in f, by type ID.
func Resources(f *pe.File) (map[uint32][][]byte, error) {
	sec := f.Section(".rsrc")
	if sec == nil {
		return nil, errors.New("no .rsrc section")
	}
	data, err := sec.Data()
	if err != nil {
		return nil, err
	}
	r := rsrc{data: data, rva: sec.VirtualAddress, out: map[uint32][][]byte{}}
	// The tree is type → name → language → data; the type is the first level.
	entries, err := r.dir(0)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if err := r.collect(e, e.id, 1); err != nil {
			return nil, err
		}
	}
	return r.out, nil
}

type rsrc struct {
	data []byte
	rva  uint32
	out  map[uint32][][]byte
}

type entry struct {
	id     uint32 // the name or ID field as stored
	offset uint32 // with the high bit: a subdirectory
}

func (r *rsrc) u32(off uint32) (uint32, error) {
	if uint64(off)+4 > uint64(len(r.data)) {
		return 0, fmt.Errorf("resource offset %#x out of range", off)
	}
	return binary.LittleEndian.Uint32(r.data[off:]), nil
}

// dir reads an IMAGE_RESOURCE_DIRECTORY and its entries.
func (r *rsrc) dir(off uint32) ([]entry, error) {
	if uint64(off)+16 > uint64(len(r.data)) {
		return nil, fmt.Errorf("resource directory %#x out of range", off)
	}
	n := uint32(binary.LittleEndian.Uint16(r.data[off+12:])) + uint32(binary.LittleEndian.Uint16(r.data[off+14:]))
	out := make([]entry, 0, n)
	for i := uint32(0); i < n; i++ {
		id, err := r.u32(off + 16 + 8*i)
		if err != nil {
			return nil, err
		}
		o, err := r.u32(off + 16 + 8*i + 4)
		if err != nil {
			return nil, err
		}
		out = append(out, entry{id: id, offset: o})
	}
	return out, nil
}

func (r *rsrc) collect(e entry, typ uint32, depth int) error {
	if depth > 3 {
		return errors.New("resource tree deeper than type/name/language")
	}
	if e.offset&0x80000000 != 0 {
		entries, err := r.dir(e.offset &^ 0x80000000)
		if err != nil {
			return err
		}
		for _, sub := range entries {
			if err := r.collect(sub, typ, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	// IMAGE_RESOURCE_DATA_ENTRY: the data's RVA and size.
	rva, err := r.u32(e.offset)
	if err != nil {
		return err
	}
	size, err := r.u32(e.offset + 4)
	if err != nil {
		return err
	}
	start := uint64(rva) - uint64(r.rva)
	if rva < r.rva || start+uint64(size) > uint64(len(r.data)) {
		return fmt.Errorf("resource data at RVA %#x (%d bytes) lies outside .rsrc", rva, size)
	}
	r.out[typ] = append(r.out[typ], r.data[start:start+uint64(size)])
	return nil
}

// VersionString returns a value of the version resource's string table, such
// as "ProductVersion", or "" when it has none.
func VersionString(res []byte, key string) string {
	// Keys and values are NUL-terminated UTF-16LE, the value 32-bit aligned
	// after its key; searching for the key is enough for one-language tables.
	k := utf16le(key + "\x00")
	i := bytes.Index(res, k)
	if i < 0 {
		return ""
	}
	j := i + len(k)
	for j%4 != 0 && j < len(res) {
		j++
	}
	var u []uint16
	for ; j+1 < len(res); j += 2 {
		c := binary.LittleEndian.Uint16(res[j:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u))
}

func utf16le(s string) []byte {
	var b []byte
	for _, c := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, c)
	}
	return b
}
