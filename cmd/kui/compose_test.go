package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

// TestComposeFile loads docker-compose.yml the way docker compose does
// (schema, interpolation, consistency checks) and checks the shape we rely on:
// a PostgreSQL service with a health check and a named volume, and the app,
// built from the Dockerfile, waiting for a healthy database.
func TestComposeFile(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	opts, err := cli.NewProjectOptions(
		[]string{filepath.Join(root, "docker-compose.yml")},
		cli.WithWorkingDirectory(root),
		cli.WithName("kui"),
		cli.WithEnv([]string{}), // the defaults in the file, not this machine's environment
		cli.WithInterpolation(true),
		cli.WithConsistency(true),
		cli.WithResolvedPaths(true),
	)
	if err != nil {
		t.Fatal(err)
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}

	db := service(t, project, "db")
	if !strings.HasPrefix(db.Image, "postgres:16") {
		t.Errorf("db image = %q, want postgres:16", db.Image)
	}
	healthCheck(t, db, "pg_isready")
	var volume string
	for _, v := range db.Volumes {
		if v.Type == types.VolumeTypeVolume && v.Target == "/var/lib/postgresql/data" {
			volume = v.Source
		}
	}
	if volume == "" {
		t.Errorf("db keeps /var/lib/postgresql/data in no named volume: %+v", db.Volumes)
	} else if _, ok := project.Volumes[volume]; !ok {
		t.Errorf("db's volume %q is not declared under volumes:", volume)
	}

	app := service(t, project, "app")
	if app.Build == nil {
		t.Fatal("app has no build section")
	}
	dockerfile := app.Build.Dockerfile
	if dockerfile == "" {
		dockerfile = "Dockerfile"
	}
	if !filepath.IsAbs(dockerfile) {
		dockerfile = filepath.Join(app.Build.Context, dockerfile)
	}
	if _, err := os.Stat(dockerfile); err != nil {
		t.Errorf("app's Dockerfile: %v", err)
	}
	healthCheck(t, app, "healthcheck")
	if dep, ok := app.DependsOn["db"]; !ok || dep.Condition != types.ServiceConditionHealthy {
		t.Errorf("app depends_on db = %+v (present: %v), want condition service_healthy", dep, ok)
	}
	url := app.Environment["DATABASE_URL"]
	if url == nil || !strings.Contains(*url, "@db:5432/") {
		t.Errorf("app DATABASE_URL = %v, want it to point at the db service", url)
	}
	published := false
	for _, p := range app.Ports {
		if p.HostIP == "127.0.0.1" && p.Published == "8080" && p.Target == 8080 {
			published = true
		}
	}
	if !published {
		t.Errorf("app ports = %+v, want 127.0.0.1:8080:8080", app.Ports)
	}
}

func service(t *testing.T, p *types.Project, name string) types.ServiceConfig {
	t.Helper()
	s, err := p.GetService(name)
	if err != nil {
		t.Fatalf("docker-compose.yml: service %q: %v", name, err)
	}
	return s
}

func healthCheck(t *testing.T, s types.ServiceConfig, want string) {
	t.Helper()
	if s.HealthCheck == nil || s.HealthCheck.Disable || len(s.HealthCheck.Test) == 0 {
		t.Errorf("service %s has no health check", s.Name)
		return
	}
	if test := strings.Join(s.HealthCheck.Test, " "); !strings.Contains(test, want) {
		t.Errorf("service %s health check %q does not run %s", s.Name, test, want)
	}
}
