package engine

import "testing"

func TestScratch2(t *testing.T) {
	s := newSession(t)
	t.Log(s.pkgs.byName["strings"], len(s.pkgs.byName))
	c, err := s.prepare(`strings.ToUpper("a")`)
	t.Log(err, len(c.units), c.final)
	for _, u := range c.units {
		t.Logf("%#v", u)
	}
}
