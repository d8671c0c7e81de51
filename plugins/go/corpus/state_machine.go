package main

import "fmt"

type State int

const (
	Idle State = iota
	Running
	Paused
	Stopped
)

func (s State) String() string {
	switch s {
	case Idle:
		return "idle"
	case Running:
		return "running"
	case Paused:
		return "paused"
	case Stopped:
		return "stopped"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

type Event string

var transitions = map[State]map[Event]State{
	Idle:    {"start": Running},
	Running: {"pause": Paused, "stop": Stopped},
	Paused:  {"resume": Running, "stop": Stopped},
}

type Machine struct {
	state State
	log   []string
}

func (m *Machine) Fire(e Event) error {
	next, ok := transitions[m.state][e]
	if !ok {
		return fmt.Errorf("event %q not allowed in state %v", e, m.state)
	}
	m.log = append(m.log, fmt.Sprintf("%v -%s-> %v", m.state, e, next))
	m.state = next
	return nil
}

func main() {
	m := &Machine{}
	events := []Event{"start", "pause", "start", "resume", "stop", "resume"}
	for _, e := range events {
		if err := m.Fire(e); err != nil {
			fmt.Println("rejected:", err)
			continue
		}
	}
	for i, line := range m.log {
		fmt.Printf("%d: %s\n", i+1, line)
	}
	fmt.Println("final state:", m.state)
}
