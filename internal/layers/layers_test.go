package layers

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/parallax-research/parallax"

type rule struct {
	dir       string // package folder (and below), relative to the repo root; "" is the root package only
	forbidden []string
	why       string
}

var rules = []rule{
	{"corpus", []string{"fyne.io/", "github.com/blevesearch/", "github.com/sqweek/dialog", module + "/index", module + "/app", module + "/cli"}, "corpus/ is the pure domain"},
	{"index", []string{"fyne.io/", "github.com/sqweek/dialog", module + "/app", module + "/cli"}, "index/ is the Bleve adapter and never touches the UI"},
	{"app", []string{"github.com/blevesearch/", "fyne.io/fyne/v2/app", module + "/cli"}, "app/ uses index types, never Bleve, and gets its Fyne app from main"},
	{"cli", []string{"fyne.io/", "github.com/sqweek/dialog", module + "/app"}, "the CLI runs headless"},
	{"assets", []string{"github.com/blevesearch/", "github.com/sqweek/dialog", "fyne.io/fyne/v2/app"}, "assets only embeds"},
}

func repoRoot(t *testing.T) string {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// imports returns the imports of every non-test Go file below dir.
func imports(t *testing.T, dir string) map[string][]string {
	out := map[string][]string{}
	fset := token.NewFileSet()
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		for _, im := range f.Imports {
			path, _ := strconv.Unquote(im.Path.Value)
			out[p] = append(out[p], path)
		}
		return nil
	})
	return out
}

func TestDirectImports(t *testing.T) {
	root := repoRoot(t)
	for _, r := range rules {
		for file, ims := range imports(t, filepath.Join(root, r.dir)) {
			for _, im := range ims {
				for _, bad := range r.forbidden {
					if im == bad || strings.HasPrefix(im, bad) && (strings.HasSuffix(bad, "/") || strings.HasPrefix(im, bad+"/")) {
						rel, _ := filepath.Rel(root, file)
						t.Errorf("%s imports %s: %s", rel, im, r.why)
					}
				}
			}
		}
	}
	// Only main.go may import Fyne's app package; only app/ may import the native dialog.
	for file, ims := range imports(t, root) {
		rel, _ := filepath.Rel(root, file)
		for _, im := range ims {
			if im == "fyne.io/fyne/v2/app" && rel != "main.go" {
				t.Errorf("%s imports fyne.io/fyne/v2/app: only main.go may", rel)
			}
			if im == "github.com/sqweek/dialog" && !strings.HasPrefix(rel, "app"+string(filepath.Separator)) {
				t.Errorf("%s imports github.com/sqweek/dialog: only app/ (app/native) may", rel)
			}
		}
	}
}

// TestTransitiveDeps checks what the domain and the index pull in through
// other modules, with the go command.
func TestTransitiveDeps(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	root := repoRoot(t)
	for _, c := range []struct {
		pkgs      string
		forbidden []string
	}{
		{"./corpus/...", []string{"fyne.io/", "github.com/blevesearch/", "github.com/sqweek/"}},
		{"./index/...", []string{"fyne.io/", "github.com/sqweek/"}},
		{"./app", []string{"github.com/sqweek/", "fyne.io/fyne/v2/app", "github.com/go-gl/"}},
	} {
		cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", c.pkgs)
		cmd.Dir = root
		cmd.Env = append(cmd.Environ(), "CGO_ENABLED=0")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list %s: %v", c.pkgs, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, bad := range c.forbidden {
				if strings.HasPrefix(dep, bad) {
					t.Errorf("%s depends on %s", c.pkgs, dep)
				}
			}
		}
	}
}
