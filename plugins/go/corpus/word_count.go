// Command word_count prints the most frequent words of its input.
package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode"
)

type entry struct {
	word  string
	count int
}

func countWords(scanner *bufio.Scanner) map[string]int {
	counts := make(map[string]int)
	for scanner.Scan() {
		fields := strings.FieldsFunc(scanner.Text(), func(r rune) bool {
			return !unicode.IsLetter(r) && r != '\''
		})
		for _, field := range fields {
			counts[strings.ToLower(field)]++
		}
	}
	return counts
}

func topN(counts map[string]int, n int) []entry {
	entries := make([]entry, 0, len(counts))
	for word, count := range counts {
		entries = append(entries, entry{word: word, count: count})
	}
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].count != entries[j].count {
			return entries[i].count > entries[j].count
		}
		return entries[i].word < entries[j].word
	})
	if len(entries) > n {
		entries = entries[:n]
	}
	return entries
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	counts := countWords(scanner)
	if err := scanner.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "read error:", err)
		os.Exit(1)
	}
	for rank, e := range topN(counts, 10) {
		fmt.Printf("%2d. %-15s %d\n", rank+1, e.word, e.count)
	}
}
