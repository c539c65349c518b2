package corpus

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
)

// alias is a built-in canonical name and its type.
type alias struct {
	name, typ string
	// only restricts the alias to mentions of these types ("" = any).
	only string
}

// builtinAliases maps EntityKey of a form to its canonical entity.
var builtinAliases = map[string]alias{}

func init() {
	add := func(name, typ, only string, forms ...string) {
		al := alias{name: name, typ: typ, only: only}
		if _, ok := builtinAliases[EntityKey(name)]; !ok {
			builtinAliases[EntityKey(name)] = al
		}
		for _, f := range forms {
			builtinAliases[EntityKey(f)] = al
		}
	}
	add("United States", "LOC", "", "U.S.", "US", "U.S.A.", "USA", "United States of America", "the United States", "the U.S.")
	add("United States", "LOC", "LOC", "America")
	add("United Kingdom", "LOC", "", "UK", "U.K.", "Britain", "Great Britain", "the United Kingdom")
	add("United Nations", "ORG", "", "UN", "U.N.", "the United Nations")
	add("European Union", "ORG", "", "EU", "E.U.", "the European Union")
	add("NATO", "ORG", "", "North Atlantic Treaty Organization", "Nato")
	add("FBI", "ORG", "", "Federal Bureau of Investigation", "F.B.I.")
	add("CIA", "ORG", "", "Central Intelligence Agency", "C.I.A.")
	add("NSA", "ORG", "ORG", "National Security Agency")
	add("EPA", "ORG", "", "Environmental Protection Agency", "E.P.A.")
	add("IRS", "ORG", "", "Internal Revenue Service", "I.R.S.")
	add("CDC", "ORG", "", "Centers for Disease Control and Prevention", "Centers for Disease Control", "C.D.C.")
	add("World Health Organization", "ORG", "", "WHO", "W.H.O.")
	add("Department of Justice", "ORG", "", "Justice Department", "DOJ", "U.S. Department of Justice", "U.S. Justice Department")
	add("State Department", "ORG", "", "Department of State", "U.S. State Department")
	add("Department of Homeland Security", "ORG", "", "DHS", "Homeland Security Department")
	add("Immigration and Customs Enforcement", "ORG", "", "ICE", "U.S. Immigration and Customs Enforcement")
	add("Federal Reserve", "ORG", "", "Fed", "U.S. Federal Reserve", "Federal Reserve Board")
	add("Supreme Court", "ORG", "", "U.S. Supreme Court", "SCOTUS", "United States Supreme Court")
	add("Congress", "ORG", "", "U.S. Congress", "United States Congress")
	add("Senate", "ORG", "", "U.S. Senate", "United States Senate")
	add("House of Representatives", "ORG", "", "U.S. House of Representatives", "U.S. House")
	add("Republican Party", "ORG", "", "GOP", "G.O.P.", "Republican National Committee", "RNC")
	add("Democratic Party", "ORG", "", "Democratic National Committee", "DNC")
	add("Pentagon", "ORG", "", "Department of Defense", "Defense Department", "DoD", "U.S. Department of Defense")
	add("International Monetary Fund", "ORG", "", "IMF")
	add("World Trade Organization", "ORG", "", "WTO")
	add("National Rifle Association", "ORG", "", "NRA")
	add("American Civil Liberties Union", "ORG", "", "ACLU")
	add("Affordable Care Act", "MISC", "", "ACA", "Obamacare")
	add("Soviet Union", "LOC", "", "USSR", "U.S.S.R.")
	add("United Arab Emirates", "LOC", "", "UAE", "U.A.E.")
	add("North Korea", "LOC", "", "DPRK", "Democratic People's Republic of Korea")
	add("Russia", "LOC", "LOC", "Russian Federation")
	add("New York City", "LOC", "", "NYC")
	add("Washington, D.C.", "LOC", "", "Washington D.C.", "Washington DC", "D.C.", "DC")
	add("Islamic State", "ORG", "", "ISIS", "ISIL", "Islamic State of Iraq and Syria", "Islamic State of Iraq and the Levant", "Daesh")
}

// builtinAlias returns the built-in canonical entity of a cleaned name.
func builtinAlias(name, typ string) (alias, bool) {
	k := EntityKey(name)
	al, ok := builtinAliases[k]
	if !ok {
		// "US Centers for Disease Control", "U.S. Justice Department".
		if rest, cut := strings.CutPrefix(k, "us "); cut {
			al, ok = builtinAliases[rest]
		}
	}
	if !ok || al.only != "" && al.only != typ && typ != "" {
		return alias{}, false
	}
	if al.typ == "" {
		al.typ = typ
	}
	return al, true
}

// BuiltinAlias returns the canonical name and type the built-in alias
// table gives a name of type typ, and whether it has one.
func BuiltinAlias(name, typ string) (canonical, canonicalType string, ok bool) {
	al, ok := builtinAlias(name, typ)
	return al.name, al.typ, ok
}

// AliasAction is what a user alias rule does.
type AliasAction string

// User alias actions.
const (
	// AliasMerge folds Name into Target (Target keeps its identity).
	AliasMerge AliasAction = "merge"
	// AliasRename shows Name as Target (the new name); otherwise like merge.
	AliasRename AliasAction = "rename"
	// AliasSplit undoes automatic folding into Name: the forms that the
	// built-in aliases or within-article linking attached to it count as
	// themselves again.
	AliasSplit AliasAction = "split"
	// AliasIgnore drops Name (a stop-entity) from lists and co-occurrence.
	AliasIgnore AliasAction = "ignore"
)

// AliasRule is one line of the user alias table.
type AliasRule struct {
	Action AliasAction `json:"action"`
	Name   string      `json:"name"`
	Target string      `json:"target,omitempty"`
}

// AliasTable is the user's alias table: rules keyed by EntityKey(Name),
// at most one per name.
type AliasTable struct {
	Rules []AliasRule `json:"rules"`
}

// Set adds or replaces the rule for r.Name.
func (t *AliasTable) Set(r AliasRule) {
	k := EntityKey(r.Name)
	for i := range t.Rules {
		if EntityKey(t.Rules[i].Name) == k {
			t.Rules[i] = r
			return
		}
	}
	t.Rules = append(t.Rules, r)
}

// Remove deletes the rule for name and reports whether there was one.
func (t *AliasTable) Remove(name string) bool {
	k := EntityKey(name)
	for i := range t.Rules {
		if EntityKey(t.Rules[i].Name) == k {
			t.Rules = append(t.Rules[:i], t.Rules[i+1:]...)
			return true
		}
	}
	return false
}

// Get returns the rule for name.
func (t *AliasTable) Get(name string) (AliasRule, bool) {
	k := EntityKey(name)
	for _, r := range t.Rules {
		if EntityKey(r.Name) == k {
			return r, true
		}
	}
	return AliasRule{}, false
}

// Resolve follows merge and rename rules from name to the name it ends at
// (cycles stop at the first repeat) and reports whether that name is ignored.
func (t *AliasTable) Resolve(name string) (final string, ignored bool) {
	rules := map[string]AliasRule{}
	for _, r := range t.Rules {
		rules[EntityKey(r.Name)] = r
	}
	seen := map[string]bool{}
	final = name
	for {
		k := EntityKey(final)
		if seen[k] {
			break
		}
		seen[k] = true
		r, ok := rules[k]
		if !ok {
			break
		}
		if r.Action == AliasIgnore {
			return final, true
		}
		if r.Action != AliasMerge && r.Action != AliasRename {
			break
		}
		final = r.Target
	}
	return final, false
}

// WriteAliasTSV writes the table as a plain tab-separated file: a comment
// header, then "action<TAB>name[<TAB>target]" lines, sorted.
func WriteAliasTSV(w io.Writer, t AliasTable) error {
	rules := append([]AliasRule(nil), t.Rules...)
	sort.SliceStable(rules, func(i, j int) bool {
		if rules[i].Action != rules[j].Action {
			return rules[i].Action < rules[j].Action
		}
		return EntityKey(rules[i].Name) < EntityKey(rules[j].Name)
	})
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# Parallax entity aliases: action<TAB>name[<TAB>target]")
	fmt.Fprintln(bw, "# actions: merge NAME INTO, rename OLD NEW, split NAME, ignore NAME")
	for _, r := range rules {
		line := string(r.Action) + "\t" + tsvField(r.Name)
		if r.Target != "" {
			line += "\t" + tsvField(r.Target)
		}
		fmt.Fprintln(bw, line)
	}
	return bw.Flush()
}

func tsvField(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// ReadAliasTSV parses a file written by WriteAliasTSV (blank lines and
// lines starting with "#" are skipped). Errors name the line.
func ReadAliasTSV(r io.Reader) (AliasTable, error) {
	var t AliasTable
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		f := strings.Split(line, "\t")
		for i := range f {
			f[i] = tsvField(f[i])
		}
		act := AliasAction(strings.ToLower(f[0]))
		switch act {
		case AliasMerge, AliasRename:
			if len(f) != 3 || f[1] == "" || f[2] == "" {
				return t, fmt.Errorf("line %d: %s needs a name and a target, tab-separated", n, act)
			}
			if EntityKey(f[1]) == EntityKey(f[2]) && act == AliasMerge {
				return t, fmt.Errorf("line %d: cannot merge %q into itself", n, f[1])
			}
			t.Set(AliasRule{Action: act, Name: f[1], Target: f[2]})
		case AliasSplit, AliasIgnore:
			if len(f) != 2 || f[1] == "" {
				return t, fmt.Errorf("line %d: %s needs exactly one name", n, act)
			}
			t.Set(AliasRule{Action: act, Name: f[1]})
		default:
			return t, fmt.Errorf("line %d: unknown action %q (want merge, rename, split or ignore)", n, f[0])
		}
	}
	if err := sc.Err(); err != nil {
		return t, err
	}
	return t, nil
}
