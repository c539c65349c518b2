package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SavedSearch is a named query kept in the corpus, shared by the CLI and the GUI.
type SavedSearch struct {
	Name    string    `json:"name"`
	Query   string    `json:"query"`
	Created time.Time `json:"created"`
}

// ErrNoSavedSearch is returned for a saved-search name that does not exist.
var ErrNoSavedSearch = errors.New("no saved search with that name")

// SavedSearches lists the saved searches by name.
func (c *Corpus) SavedSearches() ([]SavedSearch, error) {
	var out []SavedSearch
	err := c.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bSaved).ForEach(func(_, v []byte) error {
			var s SavedSearch
			if err := json.Unmarshal(v, &s); err != nil {
				return fmt.Errorf("damaged saved search: %w", err)
			}
			out = append(out, s)
			return nil
		})
	})
	return out, err
}

// SavedSearch returns the saved search called name.
func (c *Corpus) SavedSearch(name string) (SavedSearch, error) {
	var s SavedSearch
	err := c.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bSaved).Get([]byte(strings.TrimSpace(name)))
		if v == nil {
			return fmt.Errorf("%w: %q", ErrNoSavedSearch, name)
		}
		return json.Unmarshal(v, &s)
	})
	return s, err
}

// SaveSearch stores query under name, replacing a search of that name. The
// query must parse.
func (c *Corpus) SaveSearch(name, query string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return errors.New("a saved search needs a name")
	}
	if len(name) > 200 {
		return errors.New("a saved search name is at most 200 bytes")
	}
	if _, err := parseQuery(query); err != nil {
		return err
	}
	v, _ := json.Marshal(SavedSearch{Name: name, Query: query, Created: time.Now().UTC().Truncate(time.Second)})
	return c.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bSaved).Put([]byte(name), v) })
}

// DeleteSearch removes the saved search called name.
func (c *Corpus) DeleteSearch(name string) error {
	name = strings.TrimSpace(name)
	return c.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSaved)
		if b.Get([]byte(name)) == nil {
			return fmt.Errorf("%w: %q", ErrNoSavedSearch, name)
		}
		return b.Delete([]byte(name))
	})
}
