package main

import (
	"fmt"
	"strings"
)

type Perm uint8

const (
	Read Perm = 1 << iota
	Write
	Execute
	Admin = Read | Write | Execute
)

var names = [...]struct {
	flag Perm
	name string
}{
	{Read, "read"},
	{Write, "write"},
	{Execute, "execute"},
}

func (p Perm) Has(flag Perm) bool { return p&flag == flag }

func (p Perm) String() string {
	if p == 0 {
		return "none"
	}
	var parts []string
	for _, n := range names {
		if p.Has(n.flag) {
			parts = append(parts, n.name)
		}
	}
	return strings.Join(parts, "|")
}

func Parse(text string) (Perm, error) {
	var p Perm
	for _, part := range strings.Split(text, "|") {
		found := false
		for _, n := range names {
			if strings.EqualFold(strings.TrimSpace(part), n.name) {
				p |= n.flag
				found = true
			}
		}
		if !found {
			return 0, fmt.Errorf("unknown permission %q", part)
		}
	}
	return p, nil
}

func main() {
	users := map[string]Perm{"root": Admin, "guest": Read, "dev": Read | Write}
	for _, user := range []string{"root", "guest", "dev", "nobody"} {
		p := users[user]
		fmt.Printf("%-7s %-20v write=%v\n", user, p, p.Has(Write))
	}
	p, err := Parse("read | execute")
	fmt.Println(p, err)
	_, err = Parse("read|fly")
	fmt.Println(err)
}
