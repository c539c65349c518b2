package corpus

import (
	"regexp"
	"sync"
)

// lazyRegexp is a regular expression compiled on first use. The package
// has some eighty of them (captions, footers, datelines, Markdown); compiled
// at package initialisation they cost every run of the binary about 3 ms,
// including the command-line searches that never clean a line.
type lazyRegexp struct {
	expr string
	once sync.Once
	re   *regexp.Regexp
}

// allLazy lists every lazy expression, for the test that compiles them all.
var allLazy []*lazyRegexp

// lazyRE returns expr to be compiled on first use; a bad expression panics
// then, as regexp.MustCompile would, and TestLazyRegexpsCompile compiles
// them all.
func lazyRE(expr string) *lazyRegexp {
	l := &lazyRegexp{expr: expr}
	allLazy = append(allLazy, l)
	return l
}

func (l *lazyRegexp) get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.expr) })
	return l.re
}

func (l *lazyRegexp) MatchString(s string) bool            { return l.get().MatchString(s) }
func (l *lazyRegexp) FindString(s string) string           { return l.get().FindString(s) }
func (l *lazyRegexp) FindStringIndex(s string) []int       { return l.get().FindStringIndex(s) }
func (l *lazyRegexp) FindStringSubmatch(s string) []string { return l.get().FindStringSubmatch(s) }
func (l *lazyRegexp) FindStringSubmatchIndex(s string) []int {
	return l.get().FindStringSubmatchIndex(s)
}
func (l *lazyRegexp) FindAllStringIndex(s string, n int) [][]int {
	return l.get().FindAllStringIndex(s, n)
}
func (l *lazyRegexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return l.get().FindAllStringSubmatchIndex(s, n)
}
func (l *lazyRegexp) FindAllString(s string, n int) []string { return l.get().FindAllString(s, n) }
func (l *lazyRegexp) ReplaceAllString(s, repl string) string {
	return l.get().ReplaceAllString(s, repl)
}
func (l *lazyRegexp) Split(s string, n int) []string { return l.get().Split(s, n) }
func (l *lazyRegexp) SubexpIndex(name string) int    { return l.get().SubexpIndex(name) }
func (l *lazyRegexp) String() string                 { return l.expr }
