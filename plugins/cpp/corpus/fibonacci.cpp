#include <cstdint>
#include <iostream>
#include <unordered_map>

std::uint64_t fibonacci(int n, std::unordered_map<int, std::uint64_t>& memo) {
    if (n < 2) {
        return static_cast<std::uint64_t>(n);
    }
    auto found = memo.find(n);
    if (found != memo.end()) {
        return found->second;
    }
    std::uint64_t value = fibonacci(n - 1, memo) + fibonacci(n - 2, memo);
    memo[n] = value;
    return value;
}

constexpr std::uint64_t fibonacci_iterative(int n) {
    std::uint64_t a = 0, b = 1;
    for (int i = 0; i < n; ++i) {
        std::uint64_t next = a + b;
        a = b;
        b = next;
    }
    return a;
}

int main() {
    std::unordered_map<int, std::uint64_t> memo;
    static_assert(fibonacci_iterative(10) == 55, "fib(10) is 55");
    for (int n : {10, 50, 90}) {
        std::cout << n << ": " << fibonacci(n, memo) << "\n";
    }
    return 0;
}
