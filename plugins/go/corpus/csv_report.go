package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
)

const sales = `region,product,units,price
north,widget,10,2.50
south,widget,4,2.50
north,gadget,3,10.00
east,gizmo,7,4.25
south,gadget,1,10.00
`

type totals struct {
	units   int
	revenue float64
}

func summarize(r io.Reader) (map[string]*totals, error) {
	reader := csv.NewReader(r)
	if _, err := reader.Read(); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	byRegion := make(map[string]*totals)
	for {
		record, err := reader.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		units, err := strconv.Atoi(record[2])
		if err != nil {
			return nil, fmt.Errorf("units %q: %w", record[2], err)
		}
		price, err := strconv.ParseFloat(record[3], 64)
		if err != nil {
			return nil, fmt.Errorf("price %q: %w", record[3], err)
		}
		t, ok := byRegion[record[0]]
		if !ok {
			t = &totals{}
			byRegion[record[0]] = t
		}
		t.units += units
		t.revenue += float64(units) * price
	}
	return byRegion, nil
}

func main() {
	byRegion, err := summarize(strings.NewReader(sales))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "REGION\tUNITS\tREVENUE")
	for _, region := range []string{"north", "south", "east", "west"} {
		t, ok := byRegion[region]
		if !ok {
			continue
		}
		fmt.Fprintf(w, "%s\t%d\t%.2f\n", region, t.units, t.revenue)
	}
	w.Flush()
}
