//go:build linux && cgo

package ldorder

// The libraries that define the most symbols GTK's libraries look up,
// most first (see doc.go). --no-as-needed keeps them in the executable's
// list although it calls none of them directly.

// #cgo LDFLAGS: -Wl,--push-state,--no-as-needed -lepoxy -lm -lc -lglib-2.0 -lgobject-2.0 -lgio-2.0 -ldbus-1 -lX11 -lgdk-3 -lpango-1.0 -lcairo -lharfbuzz -latk-1.0 -lmount -lpng16 -latspi -lfreetype -lpixman-1 -ljpeg -latk-bridge-2.0 -lzstd -lblkid -llzma -Wl,--pop-state
import "C"
