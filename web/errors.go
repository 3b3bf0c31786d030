package web

import (
	"context"
	"net/url"
	"slices"
	"strings"
)

type notSavedKey struct{}

// WithNotSaved marks ctx as the answer to a form whose save failed because
// the database was out of reach: the page shows that it was not saved.
func WithNotSaved(ctx context.Context) context.Context {
	return context.WithValue(ctx, notSavedKey{}, true)
}

// NotSaved tells whether ctx answers a form that was not saved.
func NotSaved(ctx context.Context) bool {
	v, _ := ctx.Value(notSavedKey{}).(bool)
	return v
}

// UnsavedView is a form that could not be saved, given back as it was
// posted, to be sent again to the same address: the free-text fields
// shown (Shown, labelled), every other field carried over unseen (Hidden).
type UnsavedView struct {
	Action        string
	Shown, Hidden []UnsavedField
}

// UnsavedField is one posted value.
type UnsavedField struct {
	Name, Label, Value string
}

// NewUnsavedView gives form back for action. A field named in labels (with
// one value) is shown with its label; a password is never given back.
func NewUnsavedView(action string, form url.Values, labels map[string]string) UnsavedView {
	v := UnsavedView{Action: action}
	names := make([]string, 0, len(form))
	for name := range form {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if strings.Contains(strings.ToLower(name), "password") {
			continue
		}
		values := form[name]
		if label, ok := labels[name]; ok && len(values) == 1 {
			v.Shown = append(v.Shown, UnsavedField{Name: name, Label: label, Value: values[0]})
			continue
		}
		for _, value := range values {
			v.Hidden = append(v.Hidden, UnsavedField{Name: name, Value: value})
		}
	}
	return v
}

// hiddenChoices tells whether the form carries over more than its
// technical fields (the one-time token, the version, where to return).
func (v UnsavedView) hiddenChoices() bool {
	for _, f := range v.Hidden {
		switch f.Name {
		case "token", "version", "return":
		default:
			return true
		}
	}
	return false
}
