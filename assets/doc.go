// Package assets holds what Parallax embeds in its binary: the application
// icon and the built-in sample corpus (fictional articles from several
// fictional outlets covering the same fictional events). The icon is drawn by
// assets/internal/genicon; the sample corpus is documented in sample/README.md.
package assets
