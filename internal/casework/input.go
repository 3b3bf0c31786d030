package casework

import (
	"strings"
	"unicode/utf8"
)

// ProblemUnstorableText: the text holds a NUL byte or bytes that are not
// UTF-8, which PostgreSQL cannot store in a text column.
const ProblemUnstorableText Problem = "unstorable_text"

// Storable tells whether PostgreSQL can keep s in a text column: valid
// UTF-8 without a NUL byte.
func Storable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// MakeStorable replaces every NUL byte and every byte that is not UTF-8
// with U+FFFD, so a refused value can be shown again where the user typed
// it, marked where it went wrong.
func MakeStorable(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}
