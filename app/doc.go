// Package app is Parallax's desktop user interface, built with Fyne.
//
// app.go holds the main window's shell: the navigation rail (Library,
// Search, Stories, Compare, Entities, Timeline: Ctrl+1…6), the query bar
// (querybar.go: syntax help, history, saved searches), the status bar
// (status.go), the main menu and its keyboard shortcuts, and the
// preferences (window size, last corpus, last query, split positions).
// Each screen is one unexported struct with a build method returning its
// content and onX handlers that change its state: libraryScreen
// (library.go, charts from chart.go), searchScreen (search.go: facets,
// filter chips, the virtualised result list with deep paging, and the
// preview in preview.go), kwicScreen (kwic.go) and timelineScreen
// (timeline.go), storiesScreen (stories.go: story list and coverage
// matrix), compareScreen (compare.go: aligned columns, entity, framing and
// quote panels, the HTML report in report.go) and entitiesScreen
// (entities.go: the network canvas in network.go laid out by
// layout_force.go, tables, alias editor, outlet-vs-outlet view); those
// three reach the corpus through the interfaces in deps_part2.go.
// importController (importer.go) runs the import sheet,
// corporaController (corpora.go) creates, opens, renames and deletes
// corpora, exportController (export.go) writes results to CSV or JSONL.
//
// Long work runs off the UI goroutine and comes back through UI.do (a
// fyne.Do); imports report progress through the one ticker in jobs.go.
// The screens talk to the corpus through the small interfaces in deps.go,
// which tests fake.
//
// app imports corpus and index types but never Bleve, and never the native
// dialog package (app/native), which main.go injects as a Picker so that
// this package builds and tests without cgo or a display.
package app
