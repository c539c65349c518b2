package locale

import (
	"os"
	"testing"
)

func TestHeadless(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{"--corpus", "x"}, false},
		{[]string{"-corpus=x"}, false},
		{[]string{"search", "x"}, true},
		{[]string{"help"}, true},
		{[]string{""}, false},
	} {
		if got := Headless(tc.args); got != tc.want {
			t.Errorf("Headless(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

func TestRestoreDisplay(t *testing.T) {
	t.Setenv("DISPLAY", "")
	hidden = map[string]string{"DISPLAY": ":9"}
	defer func() { hidden = map[string]string{} }()
	RestoreDisplay()
	if v := getenv("DISPLAY"); v != ":9" {
		t.Errorf("DISPLAY = %q after RestoreDisplay, want :9", v)
	}
}

func getenv(k string) string { return os.Getenv(k) }
