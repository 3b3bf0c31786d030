package main

import (
	"slices"
	"strings"
	"testing"
)

func TestSSEEvents(t *testing.T) {
	stream := "retry: 1000\nevent: content\ndata: <div>\ndata:  <p>a</p>\ndata: </div>\n\n" +
		": ping\n\n" +
		"event: change\ndata: meeting:7\n\n" +
		"data: unnamed\n\n" +
		"event: content\ndata: " + strings.Repeat("x", 200_000) + "\n\n" +
		"event: resync\ndata: meeting:7\n" // not ended: not an event yet
	var names []string
	if err := sseEvents(strings.NewReader(stream), func(n string) { names = append(names, n) }); err != nil {
		t.Fatal(err)
	}
	if want := []string{"content", "change", "message", "content"}; !slices.Equal(names, want) {
		t.Errorf("events %v, want %v", names, want)
	}
}

// A server with content: the first content is the screen coming up, each
// later one an edit. Without: resync is the screen coming up, each change
// an edit.
func TestScreenWatcher(t *testing.T) {
	for _, c := range []struct {
		name   string
		events []string
		mode   liveMode
		edits  int
	}{
		{"content", []string{"content", "content", "resync", "content"}, liveContent, 2},
		{"content ignores change", []string{"content", "change", "content"}, liveContent, 1},
		{"change", []string{"resync", "change", "offline", "resync", "change"}, liveChange, 2},
	} {
		var w screenWatcher
		readies, edits := 0, 0
		for _, e := range c.events {
			r, a := w.event(e)
			if r {
				readies++
			}
			if a {
				edits++
			}
		}
		if readies != 1 || edits != c.edits || w.mode != c.mode {
			t.Errorf("%s: ready %d times, %d edits, mode %s", c.name, readies, edits, w.mode)
		}
	}
}
