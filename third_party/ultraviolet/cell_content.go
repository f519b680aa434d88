package uv

import "strings"

// cellContent returns seq as a cell's content, not cut from the string it
// came in: a cell that kept a piece of the string drawn into the screen
// (a whole frame of a program's view) kept that string alive for as long as
// the cell was not drawn over, and a screen of such cells kept dozens of
// past frames. A character of ASCII is a piece of a constant; anything else
// is copied.
//
// Patched in weekly's copy; see PATCHES.md.
func cellContent[T []byte | string](seq T) string {
	if len(seq) == 1 && seq[0] < 0x80 {
		return asciiChars[seq[0] : seq[0]+1]
	}
	var zero T
	if _, ok := any(zero).(string); ok {
		return strings.Clone(string(seq))
	}
	return string(seq) // a copy already
}

// asciiChars holds every ASCII character, for cellContent to cut from.
const asciiChars = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x20\x21\x22\x23\x24\x25\x26\x27\x28\x29\x2a\x2b\x2c\x2d\x2e\x2f\x30\x31\x32\x33\x34\x35\x36\x37\x38\x39\x3a\x3b\x3c\x3d\x3e\x3f\x40\x41\x42\x43\x44\x45\x46\x47\x48\x49\x4a\x4b\x4c\x4d\x4e\x4f\x50\x51\x52\x53\x54\x55\x56\x57\x58\x59\x5a\x5b\x5c\x5d\x5e\x5f\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f\x70\x71\x72\x73\x74\x75\x76\x77\x78\x79\x7a\x7b\x7c\x7d\x7e\x7f"
