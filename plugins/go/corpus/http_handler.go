package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

type Store struct {
	mu    sync.RWMutex
	items map[string]string
}

func (s *Store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := strings.TrimPrefix(r.URL.Path, "/items/")
	switch r.Method {
	case http.MethodGet:
		s.mu.RLock()
		value, ok := s.items[key]
		s.mu.RUnlock()
		if !ok {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"key": key, "value": value})
	case http.MethodPut:
		var body struct {
			Value string `json:"value"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		s.items[key] = body.Value
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	default:
		w.Header().Set("Allow", "GET, PUT")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

func main() {
	store := &Store{items: map[string]string{}}
	mux := http.NewServeMux()
	mux.Handle("/items/", store)

	requests := []*http.Request{
		httptest.NewRequest(http.MethodPut, "/items/color", strings.NewReader(`{"value":"blue"}`)),
		httptest.NewRequest(http.MethodGet, "/items/color", nil),
		httptest.NewRequest(http.MethodGet, "/items/size", nil),
		httptest.NewRequest(http.MethodDelete, "/items/color", nil),
	}
	for _, req := range requests {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		fmt.Printf("%-6s %-14s %d %s", req.Method, req.URL.Path, rec.Code, rec.Body.String())
		if rec.Body.Len() == 0 {
			fmt.Println()
		}
	}
}
