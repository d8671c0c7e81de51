#include <iostream>
#include <stdexcept>
#include <string>
#include <utility>

namespace bank {

class Account {
public:
    Account(std::string owner, long cents) : owner_(std::move(owner)), cents_(cents) {}

    void deposit(long cents) {
        if (cents <= 0) {
            throw std::invalid_argument("deposit must be positive");
        }
        cents_ += cents;
    }

    void withdraw(long cents) {
        if (cents > cents_) {
            throw std::runtime_error("insufficient funds");
        }
        cents_ -= cents;
    }

    long balance() const { return cents_; }
    const std::string& owner() const { return owner_; }

private:
    std::string owner_;
    long cents_;
};

}  // namespace bank

int main() {
    bank::Account account("Ada", 10000);
    account.deposit(2500);
    try {
        account.withdraw(50000);
    } catch (const std::exception& error) {
        std::cerr << account.owner() << ": " << error.what() << "\n";
    }
    account.withdraw(500);
    std::cout << account.owner() << " has " << account.balance() / 100.0 << "\n";
    return 0;
}
