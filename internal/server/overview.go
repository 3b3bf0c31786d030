package server

import (
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"kui/internal/casework"
	"kui/internal/postgres"
	"kui/web"
)

func (s *Server) snapshotPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	snap, err := s.db.Snapshot(ctx, *userFrom(ctx), s.today())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t := web.T(ctx)
	v := web.SnapshotView{Page: s.page(r, t.OverT.SnapshotTitle, web.NavOverview), Snapshot: snapshotData(t, snap)}
	s.render(w, r, http.StatusOK, web.SnapshotPage(v))
}

// snapshotData turns the store's snapshot into the page's, naming levels
// and the missing unit in Danish.
func snapshotData(t *web.Catalogue, snap postgres.ProgressionSnapshot) web.SnapshotData {
	row := func(c postgres.StepCounts, label string) web.SnapshotRow {
		return web.SnapshotRow{Label: label, Counts: c.Counts, Sum: c.Sum()}
	}
	d := web.SnapshotData{
		QuarterStart: snap.QuarterStart, PreviousStart: snap.PreviousStart, Scale: snap.Scale,
		Total: row(snap.Total, ""), PreviousTotal: row(snap.PreviousTotal, ""),
		Measured: snap.Measured, Unmeasured: snap.Unmeasured, Up: snap.Up, Same: snap.Same, Down: snap.Down,
		AnchoredThisQuarter: snap.AnchoredThisQuarter, AnchoredNow: snap.AnchoredNow,
	}
	for _, c := range snap.ByLevel {
		d.ByLevel = append(d.ByLevel, row(c, t.Levels[casework.Level(c.Label)]))
	}
	for _, c := range snap.ByUnit {
		label := c.Label
		if label == "" {
			label = t.OverT.SnapshotNoUnit
		}
		d.ByUnit = append(d.ByUnit, row(c, label))
	}
	return d
}

// snapshotCSV exports the snapshot's aggregates — counts only, no names or
// CPR — and records the export in the audit log.
func (s *Server) snapshotCSV(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := userFrom(ctx)
	snap, err := s.db.Snapshot(ctx, *u, s.today())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.RecordSnapshotExport(ctx, *u); err != nil {
		s.fail(w, r, err)
		return
	}
	t := web.T(ctx)
	d := snapshotData(t, snap)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+snapshotFilename(snap.QuarterStart)+`"`)
	// A byte order mark first: without it Danish Excel reads the file as
	// Windows-1252 and breaks »hjælp« and »nøgletal«.
	_, _ = io.WriteString(w, "\ufeff")
	cw := csv.NewWriter(w)
	cw.Comma = ';' // what Danish spreadsheets expect
	header := []string{"gruppe", "navn"}
	for _, st := range snap.Scale {
		header = append(header, "trin "+strconv.Itoa(st.Step))
	}
	_ = cw.Write(append(header, "i alt"))
	write := func(group string, rows ...web.SnapshotRow) {
		for _, row := range rows {
			rec := []string{group, spreadsheetText(row.Label)}
			for _, c := range row.Counts {
				rec = append(rec, strconv.Itoa(c))
			}
			_ = cw.Write(append(rec, strconv.Itoa(row.Sum)))
		}
	}
	write("niveau", d.ByLevel...)
	write("enhed", d.ByUnit...)
	write("i alt", d.Total)
	write("sidste kvartal", d.PreviousTotal)
	for _, f := range [][2]string{
		{"målt i kvartalet", strconv.Itoa(d.Measured)}, {"ikke målt i kvartalet", strconv.Itoa(d.Unmeasured)},
		{"rykket op", strconv.Itoa(d.Up)}, {"samme trin", strconv.Itoa(d.Same)}, {"rykket ned", strconv.Itoa(d.Down)},
		{"forankret i kvartalet", strconv.Itoa(d.AnchoredThisQuarter)}, {"forankret nu", strconv.Itoa(d.AnchoredNow)},
	} {
		_ = cw.Write([]string{"nøgletal", f[0], f[1]})
	}
	cw.Flush()
}

// snapshotFilename names the export by its quarter, as a coordinator says
// it: progression-2026-K4.csv for October–December 2026.
func snapshotFilename(quarterStart time.Time) string {
	return fmt.Sprintf("progression-%d-K%d.csv", quarterStart.Year(), (int(quarterStart.Month())-1)/3+1)
}

// loadOverview is the coordinator's view of every professional's load.
func (s *Server) loadOverview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := userFrom(ctx)
	q := r.URL.Query()
	f := casework.LoadFilter{Unit: q.Get("unit"), Sort: casework.LoadSort(q.Get("sort")), Desc: q.Get("desc") == "1"}
	if q.Get("sort") == "" {
		f = casework.LoadFilter{Unit: f.Unit}
	}
	f = f.Normalised()
	o, err := s.db.LoadOverview(ctx, *u, f, s.now(), s.today())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.LoadView{Page: s.page(r, web.T(ctx).OverT.Load.Title, web.NavOverview), Filter: f, Units: o.Units, Loads: o.Loads,
		Summary: casework.SummariseUnits(o.Loads, o.Thresholds), Thresholds: o.Thresholds, CanDrill: u.Role == casework.RoleCoordinator}
	s.render(w, r, http.StatusOK, web.LoadPage(v))
}

func (s *Server) betweenChairs(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	groups, err := s.db.BetweenChairs(ctx, *userFrom(ctx), s.now(), s.today())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.ChairsView{Page: s.page(r, web.T(ctx).OverT.Load.ChairsTitle, web.NavOverview), Groups: groups, Now: s.now()}
	s.render(w, r, http.StatusOK, web.ChairsPage(v))
}

func (s *Server) professionalDrilldown(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	uid, ok := s.id(w, r, "uid")
	if !ok {
		return
	}
	pc, err := s.db.ProfessionalDrilldown(ctx, *userFrom(ctx), uid, s.now(), s.today())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.DrilldownView{Page: s.page(r, pc.Load.Name, web.NavOverview), Cases: pc, Today: s.today()}
	s.render(w, r, http.StatusOK, web.DrilldownPage(v))
}

// spreadsheetText keeps a label typed by a user (a unit's name) from being
// read as a formula when the CSV is opened in a spreadsheet.
func spreadsheetText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
