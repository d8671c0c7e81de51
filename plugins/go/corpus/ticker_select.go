package main

import (
	"fmt"
	"time"
)

type reading struct {
	sensor string
	value  float64
}

func sensor(name string, period time.Duration, out chan<- reading, quit <-chan struct{}) {
	ticker := time.NewTicker(period)
	defer ticker.Stop()
	value := 20.0
	for {
		select {
		case <-quit:
			return
		case <-ticker.C:
			value += 0.5
			select {
			case out <- reading{sensor: name, value: value}:
			case <-quit:
				return
			}
		}
	}
}

func main() {
	readings := make(chan reading)
	quit := make(chan struct{})
	go sensor("kitchen", 3*time.Millisecond, readings, quit)
	go sensor("garage", 5*time.Millisecond, readings, quit)

	deadline := time.After(40 * time.Millisecond)
	latest := map[string]float64{}
	count := 0
loop:
	for {
		select {
		case r := <-readings:
			latest[r.sensor] = r.value
			count++
		case <-deadline:
			close(quit)
			break loop
		}
	}
	fmt.Println("readings received:", count > 0)
	for _, name := range []string{"kitchen", "garage"} {
		_, ok := latest[name]
		fmt.Printf("%s reported: %v\n", name, ok)
	}
}
