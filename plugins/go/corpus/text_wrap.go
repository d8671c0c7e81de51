package main

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

const lorem = `Go is an open source programming language that makes it simple
to build secure, scalable systems. It was designed at Google to improve
programming productivity in an era of multicore, networked machines.`

// Wrap breaks text into lines of at most width runes, never splitting words.
func Wrap(text string, width int) []string {
	var lines []string
	var line strings.Builder
	for _, word := range strings.Fields(text) {
		n := utf8.RuneCountInString(word)
		switch {
		case line.Len() == 0:
			line.WriteString(word)
		case utf8.RuneCountInString(line.String())+1+n <= width:
			line.WriteByte(' ')
			line.WriteString(word)
		default:
			lines = append(lines, line.String())
			line.Reset()
			line.WriteString(word)
		}
	}
	if line.Len() > 0 {
		lines = append(lines, line.String())
	}
	return lines
}

func Justify(line string, width int) string {
	words := strings.Fields(line)
	if len(words) < 2 {
		return line
	}
	gaps := len(words) - 1
	spaces := width - utf8.RuneCountInString(strings.Join(words, ""))
	var b strings.Builder
	for i, w := range words {
		b.WriteString(w)
		if i < gaps {
			n := spaces / gaps
			if i < spaces%gaps {
				n++
			}
			b.WriteString(strings.Repeat(" ", n))
		}
	}
	return b.String()
}

func main() {
	lines := Wrap(lorem, 32)
	for i, line := range lines {
		if i < len(lines)-1 {
			line = Justify(line, 32)
		}
		fmt.Printf("|%-32s|\n", line)
	}
}
