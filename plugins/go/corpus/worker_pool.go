package main

import (
	"fmt"
	"sync"
	"time"
)

type job struct {
	id    int
	input int
}

type result struct {
	jobID  int
	output int
	worker int
}

func worker(id int, jobs <-chan job, results chan<- result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		time.Sleep(time.Millisecond)
		results <- result{jobID: j.id, output: j.input * j.input, worker: id}
	}
}

func main() {
	const workers = 4
	jobs := make(chan job)
	results := make(chan result, 16)

	var wg sync.WaitGroup
	for w := 1; w <= workers; w++ {
		wg.Add(1)
		go worker(w, jobs, results, &wg)
	}

	go func() {
		for i := 0; i < 20; i++ {
			jobs <- job{id: i, input: i + 1}
		}
		close(jobs)
	}()

	go func() {
		wg.Wait()
		close(results)
	}()

	total := 0
	perWorker := map[int]int{}
	for r := range results {
		total += r.output
		perWorker[r.worker]++
	}
	fmt.Println("sum of squares:", total)
	for w := 1; w <= workers; w++ {
		fmt.Printf("worker %d handled %d jobs\n", w, perWorker[w])
	}
}
