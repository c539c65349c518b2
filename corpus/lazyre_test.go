package corpus

import (
	"regexp"
	"testing"
)

func TestLazyRegexpsCompile(t *testing.T) {
	if len(allLazy) < 50 {
		t.Fatalf("only %d lazy expressions registered", len(allLazy))
	}
	for _, l := range allLazy {
		if _, err := regexp.Compile(l.expr); err != nil {
			t.Errorf("%s: %v", l.expr, err)
		}
	}
	l := lazyRE(`b(\w)`)
	if got := l.ReplaceAllString("abc", "<$1>"); got != "a<c>" || l.String() != `b(\w)` {
		t.Errorf("ReplaceAllString = %q", got)
	}
}
