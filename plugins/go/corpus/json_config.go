package main

import (
	"encoding/json"
	"fmt"
	"log"
	"strings"
	"time"
)

const defaultConfig = `{
	"name": "service",
	"port": 8080,
	"timeout": "2s",
	"tags": ["api", "internal"]
}`

type Config struct {
	Name    string   `json:"name"`
	Port    int      `json:"port"`
	Timeout string   `json:"timeout"`
	Tags    []string `json:"tags,omitempty"`
}

func (c Config) Validate() error {
	if c.Name == "" {
		return fmt.Errorf("config: name is required")
	}
	if c.Port <= 0 || c.Port > 65535 {
		return fmt.Errorf("config: port %d out of range", c.Port)
	}
	if _, err := time.ParseDuration(c.Timeout); err != nil {
		return fmt.Errorf("config: bad timeout: %w", err)
	}
	return nil
}

func load(text string) (*Config, error) {
	var cfg Config
	decoder := json.NewDecoder(strings.NewReader(text))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&cfg); err != nil {
		return nil, err
	}
	return &cfg, cfg.Validate()
}

func main() {
	cfg, err := load(defaultConfig)
	if err != nil {
		log.Fatal(err)
	}
	timeout, _ := time.ParseDuration(cfg.Timeout)
	fmt.Printf("%s listens on :%d (timeout %v)\n", cfg.Name, cfg.Port, timeout)
	out, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(out))
}
