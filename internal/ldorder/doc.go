// Package ldorder orders the shared libraries the binary names, so the
// dynamic loader spends less of every start-up on symbol lookups. main.go
// imports it for its link flags only; it has no code.
//
// The binary links GTK 3 (the native file dialogs, via sqweek/dialog) and
// with it about 70 shared libraries. GTK and GDK are linked with BIND_NOW,
// so at every start, before main runs, the loader resolves some 14,500
// symbol references. Each lookup walks the global scope (the executable,
// then its libraries breadth first) until a library defines the symbol.
// Linked as the toolkits' flags have it, the libraries that define most of
// those symbols (libepoxy's GL entry points, libc, GLib, GObject, GIO,
// D-Bus) sit deep in that scope: about 20 libraries are tried per lookup.
// Naming them first (cgo.go) brings that to about 8.5 and saves about a
// millisecond of every command's start.
//
// The order changes no binding: no symbol that a moved library defines is
// defined by a library it now precedes (libm keeps its place before libc,
// X11 before GDK, for the few symbols both define), and the set of
// libraries loaded is the same, all already required by GTK; every one
// named comes with libgtk-3-dev's dependencies.
package ldorder
