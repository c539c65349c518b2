package index

import (
	"encoding/binary"
	"errors"
)

// errSnappy says a snappy block is damaged.
var errSnappy = errors.New("damaged snappy block")

// snappyPrefix decodes the first limit bytes of a snappy block (the
// format github.com/golang/snappy's Encode writes), or all of it when it
// is shorter. A stored article's head (its fields before the body) is in
// the first few hundred bytes of its record, so a hit without a snippet
// needs neither the whole record decoded nor its pages read.
func snappyPrefix(src []byte, limit int) ([]byte, error) {
	n, k := binary.Uvarint(src)
	if k <= 0 || n > 1<<32-1 {
		return nil, errSnappy
	}
	if uint64(limit) > n {
		limit = int(n)
	}
	dst := make([]byte, 0, limit)
	s := k
	for len(dst) < limit {
		if s >= len(src) {
			return nil, errSnappy
		}
		var length, offset int
		switch src[s] & 0x03 {
		case 0x00: // literal
			x := uint32(src[s] >> 2)
			switch {
			case x < 60:
				s++
			case x == 60:
				s += 2
				if s > len(src) {
					return nil, errSnappy
				}
				x = uint32(src[s-1])
			case x == 61:
				s += 3
				if s > len(src) {
					return nil, errSnappy
				}
				x = uint32(src[s-2]) | uint32(src[s-1])<<8
			case x == 62:
				s += 4
				if s > len(src) {
					return nil, errSnappy
				}
				x = uint32(src[s-3]) | uint32(src[s-2])<<8 | uint32(src[s-1])<<16
			default:
				s += 5
				if s > len(src) {
					return nil, errSnappy
				}
				x = uint32(src[s-4]) | uint32(src[s-3])<<8 | uint32(src[s-2])<<16 | uint32(src[s-1])<<24
			}
			length = int(x) + 1
			if length <= 0 || length > len(src)-s {
				return nil, errSnappy
			}
			dst = append(dst, src[s:s+min(length, limit-len(dst))]...)
			s += length
			continue
		case 0x01: // copy, 1-byte offset
			s += 2
			if s > len(src) {
				return nil, errSnappy
			}
			length = 4 + int(src[s-2])>>2&0x7
			offset = int(uint32(src[s-2])&0xe0<<3 | uint32(src[s-1]))
		case 0x02: // copy, 2-byte offset
			s += 3
			if s > len(src) {
				return nil, errSnappy
			}
			length = 1 + int(src[s-3])>>2
			offset = int(uint32(src[s-2]) | uint32(src[s-1])<<8)
		default: // copy, 4-byte offset
			s += 5
			if s > len(src) {
				return nil, errSnappy
			}
			length = 1 + int(src[s-5])>>2
			offset = int(uint32(src[s-4]) | uint32(src[s-3])<<8 | uint32(src[s-2])<<16 | uint32(src[s-1])<<24)
		}
		if offset <= 0 || offset > len(dst) {
			return nil, errSnappy
		}
		// Byte by byte: a copy may overlap what it writes.
		for from, end := len(dst)-offset, min(len(dst)+length, limit); len(dst) < end; from++ {
			dst = append(dst, dst[from])
		}
	}
	return dst, nil
}
