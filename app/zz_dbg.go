package app
import "github.com/parallax-research/parallax/index"
var debugLoad func(index.Query, *index.Result, error)
