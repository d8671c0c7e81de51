package main

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// Encode compresses runs of the same byte: "aaab" becomes "3a1b".
func Encode(data []byte) []byte {
	var out bytes.Buffer
	for i := 0; i < len(data); {
		j := i
		for j < len(data) && data[j] == data[i] && j-i < 9 {
			j++
		}
		out.WriteString(strconv.Itoa(j - i))
		out.WriteByte(data[i])
		i = j
	}
	return out.Bytes()
}

var errCorrupt = errors.New("rle: corrupt input")

func Decode(data []byte) ([]byte, error) {
	if len(data)%2 != 0 {
		return nil, errCorrupt
	}
	var out bytes.Buffer
	for i := 0; i < len(data); i += 2 {
		n := int(data[i] - '0')
		if n < 1 || n > 9 {
			return nil, fmt.Errorf("%w: count %q at %d", errCorrupt, data[i], i)
		}
		out.Write(bytes.Repeat(data[i+1:i+2], n))
	}
	return out.Bytes(), nil
}

func main() {
	inputs := []string{"aaabccddddd", "abc", "zzzzzzzzzzzzz", ""}
	for _, in := range inputs {
		enc := Encode([]byte(in))
		dec, err := Decode(enc)
		fmt.Printf("%-15q -> %-12s ok=%v err=%v\n", in, enc, string(dec) == in, err)
	}
	if _, err := Decode([]byte("0a")); err != nil {
		fmt.Println(err, errors.Is(err, errCorrupt))
	}
}
