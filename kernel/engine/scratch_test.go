package engine

import "testing"

func TestScratch(t *testing.T) {
	s := newSession(t)
	for _, c := range []string{
		"type M struct{ X int }\nfunc (M) MIMEBundle() map[string]any { return map[string]any{\"text/html\": \"<b>\"} }",
		"var mm interface{} = M{}\nfmt.Sprintf(\"%+v\", mm)",
		"func q(v interface{}) string { return fmt.Sprintf(\"%+v\", v) }\nq(M{X:2})",
		"func q2(v interface{}) string { return display.PlainText(v) }\nq2(M{X:2})",
		"func q3(v interface{}) interface{} { return v }\ndisplay.PlainText(q3(M{X:2}))",
		"type S struct{ Y int }\nfunc (s S) String() string { return \"S!\" }\nS{}",
		"fmt.Sprint(S{})",
		"&M{}",
	} {
		out := newFake("bob")
		d, err := s.Execute(t.Context(), c, out)
		var b map[string]any
		if d != nil {
			b = d.Bundle
		}
		t.Logf("%q -> %v err=%v out=%q err=%q", c, b, err, out.stream("stdout"), out.stream("stderr"))
	}
}
