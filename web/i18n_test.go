package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"kui/internal/casework"
)

// The catalogue is a struct, so a text is named by a field the compiler
// checks; but a field left out of Danish compiles to "", and a map can miss
// a key. These tests walk the whole catalogue instead.

// TestCatalogueHasNoEmptyText fails on any empty string in the catalogue:
// every string field of every nested struct, every array and slice element,
// and every map value.
func TestCatalogueHasNoEmptyText(t *testing.T) {
	var empty []string
	walkTexts(reflect.ValueOf(Danish), "Danish", func(path, text string) {
		if strings.TrimSpace(text) == "" {
			empty = append(empty, path)
		}
	})
	for _, p := range empty {
		t.Errorf("%s is empty", p)
	}
}

// TestWalkTextsFindsEmptyTexts shows the walk reaches every kind of place a
// text can hide, so the test above can fail.
func TestWalkTextsFindsEmptyTexts(t *testing.T) {
	type inner struct {
		Deep  string
		ByKey map[casework.Problem]string
	}
	c := struct {
		Top   string
		Inner inner
		List  []AdminLink
		Array [2]string
		skip  string // unexported: not a text of the catalogue
	}{
		Inner: inner{ByKey: map[casework.Problem]string{"x": ""}},
		List:  []AdminLink{{Href: "/", Label: "", Hint: "h"}},
		Array: [2]string{"a", ""},
	}
	var got []string
	walkTexts(reflect.ValueOf(c), "c", func(path, text string) {
		if text == "" {
			got = append(got, path)
		}
	})
	want := []string{"c.Top", "c.Inner.Deep", `c.Inner.ByKey["x"]`, "c.List[0].Label", "c.Array[1]"}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("empty texts found: %q, want %q", got, want)
	}
}

// walkTexts calls text for every string reachable from v through exported
// struct fields, arrays, slices and map values.
func walkTexts(v reflect.Value, path string, text func(path, s string)) {
	switch v.Kind() {
	case reflect.String:
		text(path, v.String())
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				walkTexts(v.Field(i), path+"."+f.Name, text)
			}
		}
	case reflect.Array, reflect.Slice:
		for i := range v.Len() {
			walkTexts(v.Index(i), path+"["+strconv.Itoa(i)+"]", text)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			walkTexts(v.MapIndex(k), path+"["+strconv.Quote(k.String())+"]", text)
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkTexts(v.Elem(), path, text)
		}
	}
}

// TestEveryProblemHasText: each casework.Problem constant, wherever in
// internal/casework it is declared, has a sentence in the catalogue.
func TestEveryProblemHasText(t *testing.T) {
	consts := caseworkConsts(t)["Problem"]
	if !slices.Contains(consts, string(casework.ProblemRequired)) {
		t.Fatalf("found %d Problem constants, not ProblemRequired among them: the parse is broken", len(consts))
	}
	for _, p := range consts {
		if Danish.Problems[casework.Problem(p)] == "" {
			t.Errorf("casework.Problem %q has no text in Danish.Problems", p)
		}
	}
}

// TestEveryAuditActionHasText: each casework.AuditAction constant has the
// words the audit log shows for it.
func TestEveryAuditActionHasText(t *testing.T) {
	consts := caseworkConsts(t)["AuditAction"]
	if !slices.Contains(consts, string(casework.AuditYouthView)) {
		t.Fatalf("found %d AuditAction constants, not AuditYouthView among them: the parse is broken", len(consts))
	}
	for _, a := range consts {
		if Danish.Actions[casework.AuditAction(a)] == "" {
			t.Errorf("casework.AuditAction %q has no text in Danish.Actions", a)
		}
	}
}

// TestEnumMapsCoverEveryConstant: a map keyed by a casework type (levels,
// meeting kinds, outcomes, …) has a text for each constant of that type,
// except where the page shows only some of them, as listed here.
func TestEnumMapsCoverEveryConstant(t *testing.T) {
	partial := map[string]func(key string) bool{
		// "Not sensitive" is a choice of its own (NoteNotSensitive).
		"Danish.CaseT.SensitiveKinds": func(k string) bool { return casework.SensitiveKind(k) != casework.SensitiveNone },
		"Danish.CaseT.SensitiveShort": func(k string) bool { return casework.SensitiveKind(k) != casework.SensitiveNone },
		// The facilitator is told only about an agenda that needs them.
		"Danish.MeetingT.AgendaFlagForFacilitator": func(k string) bool { return casework.AgendaState(k).Flagged() },
		// The big screen of a planned meeting is not closed.
		"Danish.MeetingT.ScreenClosed": func(k string) bool { return casework.MeetingStatus(k) != casework.MeetingPlanned },
	}
	consts := caseworkConsts(t)
	checked := 0
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				if f := v.Type().Field(i); f.IsExported() {
					walk(v.Field(i), path+"."+f.Name)
				}
			}
		case reflect.Map:
			key := v.Type().Key()
			if key.PkgPath() != reflect.TypeFor[casework.Problem]().PkgPath() {
				return
			}
			needed := partial[path]
			delete(partial, path)
			checked++
			for _, c := range consts[key.Name()] {
				if needed != nil && !needed(c) {
					continue
				}
				if !v.MapIndex(reflect.ValueOf(c).Convert(key)).IsValid() {
					t.Errorf("%s has no text for casework.%s %q", path, key.Name(), c)
				}
			}
		}
	}
	walk(reflect.ValueOf(Danish), "Danish")
	if checked < 10 {
		t.Errorf("checked %d maps keyed by casework types; expected many more", checked)
	}
	for path := range partial {
		t.Errorf("%s is listed as partial but is no map of the catalogue", path)
	}
}

// TestProblemFallsBackForUnknownCode: a code the catalogue does not know
// (a bug, caught above for the declared ones) still shows a sentence rather
// than nothing.
func TestProblemFallsBackForUnknownCode(t *testing.T) {
	if got, want := Danish.Problem(casework.ProblemTeamFull), Danish.Problems[casework.ProblemTeamFull]; got != want {
		t.Errorf("Problem(team_full) = %q, want %q", got, want)
	}
	got := Danish.Problem("no_such_problem")
	if got == "" || got != Danish.Problems[casework.ProblemUnknownChoice] {
		t.Errorf("Problem(unknown) = %q, want the generic %q", got, Danish.Problems[casework.ProblemUnknownChoice])
	}
}

// caseworkConsts reads internal/casework's source and returns the values of
// its typed string constants by type name (Problem, AuditAction, …). A typed
// constant whose value is not a string literal fails the test, so none is
// skipped without notice.
func caseworkConsts(t *testing.T) map[string][]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "internal", "casework", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no casework sources: %v", err)
	}
	fset := token.NewFileSet()
	var parsed []*ast.File
	stringTypes := map[string]bool{} // type X string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				for _, s := range gd.Specs {
					ts := s.(*ast.TypeSpec)
					if id, ok := ts.Type.(*ast.Ident); ok && id.Name == "string" {
						stringTypes[ts.Name.Name] = true
					}
				}
			}
		}
	}
	out := map[string][]string{}
	for _, f := range parsed {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				typ, ok := vs.Type.(*ast.Ident)
				if !ok || !stringTypes[typ.Name] {
					continue
				}
				for i, n := range vs.Names {
					if i >= len(vs.Values) {
						t.Fatalf("%s: constant %s has no value of its own", fset.Position(n.Pos()), n.Name)
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						t.Fatalf("%s: constant %s is not a string literal; teach caseworkConsts to read it", fset.Position(n.Pos()), n.Name)
					}
					v, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					out[typ.Name] = append(out[typ.Name], v)
				}
			}
		}
	}
	return out
}
