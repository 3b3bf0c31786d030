package web

import "kui/internal/casework"

// AdminLink is one entry of the administrator's index page.
type AdminLink struct {
	Href, Label, Hint string
}

// UnitsView is the administrator's list of the municipality's units.
type UnitsView struct {
	Page     Page
	Units    []casework.Unit
	NewName  string
	Problems map[string]casework.Problem
	// RenameID is the unit whose rename was refused (0: none), RenameName
	// the name typed for it and RenameProblem why.
	RenameID      int64
	RenameName    string
	RenameProblem casework.Problem
}
