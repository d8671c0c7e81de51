package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

type Level int

const (
	Debug Level = iota
	Info
	Warn
	Error
)

var levelNames = map[Level]string{Debug: "DEBUG", Info: "INFO", Warn: "WARN", Error: "ERROR"}

type Logger struct {
	out   io.Writer
	min   Level
	clock func() time.Time
}

func (l *Logger) log(level Level, format string, args ...any) {
	if level < l.min {
		return
	}
	stamp := l.clock().Format("15:04:05")
	fmt.Fprintf(l.out, "%s %-5s %s\n", stamp, levelNames[level], fmt.Sprintf(format, args...))
}

func (l *Logger) Infof(format string, args ...any)  { l.log(Info, format, args...) }
func (l *Logger) Warnf(format string, args ...any)  { l.log(Warn, format, args...) }
func (l *Logger) Errorf(format string, args ...any) { l.log(Error, format, args...) }

// Service gets its logging methods by embedding a *Logger.
type Service struct {
	*Logger
	name     string
	requests int
}

func (s *Service) Handle(path string) {
	s.requests++
	switch {
	case strings.HasPrefix(path, "/admin"):
		s.Warnf("%s: admin access to %s", s.name, path)
	case path == "":
		s.Errorf("%s: empty path", s.name)
	default:
		s.Infof("%s: served %s", s.name, path)
	}
}

func main() {
	fixed := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	logger := &Logger{out: os.Stdout, min: Info, clock: func() time.Time { return fixed }}
	svc := &Service{Logger: logger, name: "api"}
	for _, p := range []string{"/users", "/admin/settings", "", "/health"} {
		svc.Handle(p)
	}
	svc.Infof("handled %d requests", svc.requests)
}
