package ops

import (
	"fmt"
	"math"
	"reflect"
	"slices"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// sharer is an op that can take its output memory from a shared slice.
type sharer interface {
	outNode() *gorgonia.Node
	newShared(size int) any
	setShared(buf any)
}

func (o *op[T]) outNode() *gorgonia.Node { return o.node }
func (o *op[T]) newShared(size int) any  { b := make([]T, size); return &b }
func (o *op[T]) setShared(buf any)       { o.shared = buf.(*[]T) }

// ShareBuffers lets the ops of this package in the program run by vm (a
// machine from gorgonia.NewTapeMachine) share output memory wherever their
// values are never alive at the same time, as PyTorch frees activations and
// gradients once used: without it every op keeps its own output buffer, so
// a graph holds all its activations and gradients at once.
//
// A value stays alive until its last reader runs, longer when a gorgonia op
// may return it or overwrite it in place, or when gorgonia's registers pass
// it on. Values no node reads (losses, outputs), gradients of leaf nodes
// (parameters) and the nodes in keep stay valid after a run; other values
// computed by these ops may be overwritten during it. Call ShareBuffers once,
// after the graph is complete and the machine created.
func ShareBuffers(vm gorgonia.VM, keep ...*gorgonia.Node) error {
	m := reflect.ValueOf(vm).MethodByName("LocMap")
	if !m.IsValid() || m.Type().NumIn() != 0 || m.Type().NumOut() != 1 || m.Type().Out(0).Kind() != reflect.Map {
		return fmt.Errorf("ShareBuffers: %T is not a gorgonia TapeMachine (it has no LocMap)", vm)
	}
	register := map[*gorgonia.Node]string{}
	var g *gorgonia.ExprGraph
	for it := m.Call(nil)[0].MapRange(); it.Next(); {
		if n, ok := it.Key().Interface().(*gorgonia.Node); ok {
			register[n], g = fmt.Sprint(it.Value().Interface()), n.Graph()
		}
	}
	if g == nil {
		return nil
	}
	// The machine runs nodes in reverse stable topological order.
	order, err := gorgonia.Sort(g)
	if err != nil {
		return fmt.Errorf("ShareBuffers: %w", err)
	}
	slices.Reverse(order)
	pos := make(map[*gorgonia.Node]int, len(order))
	for i, n := range order {
		pos[n] = i
	}
	end := make(map[*gorgonia.Node]int, len(order)) // last position n's memory is used
	for _, n := range order {
		end[n] = math.MaxInt
		if readers := g.To(n.ID()); readers.Len() > 0 {
			end[n] = pos[n]
			for readers.Next() {
				end[n] = max(end[n], pos[readers.Node().(*gorgonia.Node)])
			}
		}
		for _, of := range n.DerivOf() {
			if of.Op() == nil { // a leaf's gradient: read by optimizers after the run
				end[n] = math.MaxInt
			}
		}
	}
	for _, n := range keep {
		end[n] = math.MaxInt
	}
	// A gorgonia op that may return an input or overwrite it extends that
	// input's life to its own; later readers come first in reverse order.
	for i := len(order) - 1; i >= 0; i-- {
		c := order[i]
		if op := c.Op(); op != nil && !isSharer(c) && (op.ReturnsPtr() || op.OverwritesInput() >= 0) {
			for ch := g.From(c.ID()); ch.Next(); {
				n := ch.Node().(*gorgonia.Node)
				end[n] = max(end[n], end[c])
			}
		}
	}
	// A register hands its value to the next node written to it, which may
	// write into that memory: the value lives as long as the register does.
	byRegister := map[string][]*gorgonia.Node{}
	for _, n := range order {
		if r, ok := register[n]; ok {
			byRegister[r] = append(byRegister[r], n)
		}
	}
	for _, ns := range byRegister {
		last := end[ns[len(ns)-1]]
		for i := len(ns) - 1; i >= 0; i-- {
			last = max(last, end[ns[i]])
			end[ns[i]] = last
		}
	}

	// Greedy interval packing into slots, per dtype.
	type slot struct {
		free  int // last position its current value is used
		size  int
		users []sharer
	}
	slots := map[tensor.Dtype][]*slot{}
	for _, n := range order {
		if !isSharer(n) {
			continue
		}
		s, size := n.Op().(sharer), n.Shape().TotalSize()
		var best *slot
		for _, sl := range slots[n.Dtype()] {
			if sl.free < pos[n] && (best == nil || betterSlot(sl.size, best.size, size)) {
				best = sl
			}
		}
		if best == nil {
			best = &slot{}
			slots[n.Dtype()] = append(slots[n.Dtype()], best)
		}
		best.free, best.size = end[n], max(best.size, size)
		best.users = append(best.users, s)
	}
	for _, ss := range slots {
		for _, sl := range ss {
			buf := sl.users[0].newShared(sl.size)
			for _, s := range sl.users {
				s.setShared(buf)
			}
		}
	}
	return nil
}

// betterSlot reports whether a slot of size a suits a value of size need
// better than one of size b: the smallest that fits, else the largest.
func betterSlot(a, b, need int) bool {
	if (a >= need) != (b >= need) {
		return a >= need
	}
	if a >= need {
		return a < b
	}
	return a > b
}

func isSharer(n *gorgonia.Node) bool {
	s, ok := n.Op().(sharer)
	return ok && s.outNode() == n
}
