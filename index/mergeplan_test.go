package index

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// fillingMergePlan is applied by scorch the way this test does: JSON onto
// the defaults, then validated.
func TestFillingMergePlan(t *testing.T) {
	o := mergeplan.DefaultMergePlanOptions
	b, err := json.Marshal(fillingMergePlan)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &o); err != nil {
		t.Fatal(err)
	}
	if err := mergeplan.ValidateMergePlannerOptions(&o); err != nil {
		t.Fatal(err)
	}
	if o.MaxSegmentsPerTier != 20 || o.FloorSegmentSize != 500 || o.TierGrowth != mergeplan.DefaultMergePlanOptions.TierGrowth {
		t.Fatalf("options %+v", o)
	}
	// Twenty import batches fit in the first tier without a merge.
	if n := mergeplan.CalcBudget(20*500, o.FloorSegmentSize, &o); n != 20 {
		t.Errorf("budget for 20 batches: %d segments, want 20", n)
	}

	// Only an empty corpus gets it.
	c, err := Open(filepath.Join(t.TempDir(), "c"), Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.indexConfig()["scorchMergePlanOptions"] == nil {
		t.Error("an empty corpus opens its index with the default merge policy")
	}
	simImport(t, c, simCopySample(t, nil))
	if c.indexConfig()["scorchMergePlanOptions"] != nil {
		t.Error("a filled corpus would open its index with the filling merge policy")
	}
}
