package main

import (
	"fmt"
	"strconv"
	"unicode"
)

type tokenKind int

const (
	number tokenKind = iota
	operator
	lparen
	rparen
)

type token struct {
	kind  tokenKind
	text  string
	value float64
}

func tokenize(input string) ([]token, error) {
	var tokens []token
	runes := []rune(input)
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch {
		case unicode.IsSpace(r):
			continue
		case unicode.IsDigit(r) || r == '.':
			start := i
			for i+1 < len(runes) && (unicode.IsDigit(runes[i+1]) || runes[i+1] == '.') {
				i++
			}
			text := string(runes[start : i+1])
			v, err := strconv.ParseFloat(text, 64)
			if err != nil {
				return nil, fmt.Errorf("bad number %q", text)
			}
			tokens = append(tokens, token{kind: number, text: text, value: v})
		case r == '(':
			tokens = append(tokens, token{kind: lparen, text: "("})
		case r == ')':
			tokens = append(tokens, token{kind: rparen, text: ")"})
		case r == '+' || r == '-' || r == '*' || r == '/':
			tokens = append(tokens, token{kind: operator, text: string(r)})
		default:
			return nil, fmt.Errorf("unexpected %q at %d", r, i)
		}
	}
	return tokens, nil
}

type parser struct {
	tokens []token
	pos    int
}

func (p *parser) peek() *token {
	if p.pos < len(p.tokens) {
		return &p.tokens[p.pos]
	}
	return nil
}

func (p *parser) expr() float64 {
	left := p.term()
	for t := p.peek(); t != nil && (t.text == "+" || t.text == "-"); t = p.peek() {
		p.pos++
		if t.text == "+" {
			left += p.term()
		} else {
			left -= p.term()
		}
	}
	return left
}

func (p *parser) term() float64 {
	left := p.factor()
	for t := p.peek(); t != nil && (t.text == "*" || t.text == "/"); t = p.peek() {
		p.pos++
		if t.text == "*" {
			left *= p.factor()
		} else {
			left /= p.factor()
		}
	}
	return left
}

func (p *parser) factor() float64 {
	t := p.peek()
	if t == nil {
		panic("unexpected end of input")
	}
	p.pos++
	switch t.kind {
	case number:
		return t.value
	case lparen:
		v := p.expr()
		p.pos++ // the closing parenthesis
		return v
	case operator:
		if t.text == "-" {
			return -p.factor()
		}
	}
	panic(fmt.Sprintf("unexpected %q", t.text))
}

func evaluate(input string) (result float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	tokens, err := tokenize(input)
	if err != nil {
		return 0, err
	}
	p := &parser{tokens: tokens}
	return p.expr(), nil
}

func main() {
	for _, input := range []string{"1 + 2 * 3", "(1 + 2) * 3", "-4 / (2 - 0.5)", "2 * (3 +", "7 % 2"} {
		v, err := evaluate(input)
		if err != nil {
			fmt.Printf("%-16s error: %v\n", input, err)
			continue
		}
		fmt.Printf("%-16s = %g\n", input, v)
	}
}
