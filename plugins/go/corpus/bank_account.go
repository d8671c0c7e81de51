package main

import (
	"errors"
	"fmt"
	"sync"
)

var (
	ErrInsufficient = errors.New("insufficient funds")
	ErrInvalid      = errors.New("amount must be positive")
)

type Account struct {
	mu      sync.Mutex
	owner   string
	balance int64
	history []string
}

func (a *Account) Deposit(amount int64) error {
	if amount <= 0 {
		return ErrInvalid
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += amount
	a.history = append(a.history, fmt.Sprintf("+%d", amount))
	return nil
}

func (a *Account) Withdraw(amount int64) error {
	if amount <= 0 {
		return ErrInvalid
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if amount > a.balance {
		return fmt.Errorf("withdraw %d from %s: %w", amount, a.owner, ErrInsufficient)
	}
	a.balance -= amount
	a.history = append(a.history, fmt.Sprintf("-%d", amount))
	return nil
}

func Transfer(from, to *Account, amount int64) error {
	if err := from.Withdraw(amount); err != nil {
		return err
	}
	return to.Deposit(amount)
}

func main() {
	alice := &Account{owner: "alice"}
	bob := &Account{owner: "bob"}
	if err := alice.Deposit(100); err != nil {
		fmt.Println(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			_ = Transfer(alice, bob, int64(n*10))
		}(i)
	}
	wg.Wait()
	err := Transfer(bob, alice, 1000)
	if errors.Is(err, ErrInsufficient) {
		fmt.Println("expected failure:", err)
	}
	fmt.Println(alice.owner, alice.balance, len(alice.history))
	fmt.Println(bob.owner, bob.balance, len(bob.history))
}
