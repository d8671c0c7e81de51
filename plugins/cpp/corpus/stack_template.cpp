#include <cstddef>
#include <iostream>
#include <stdexcept>
#include <vector>

template <typename T>
class Stack {
public:
    void push(const T& value) { items_.push_back(value); }

    T pop() {
        if (items_.empty()) {
            throw std::out_of_range("pop from an empty stack");
        }
        T value = items_.back();
        items_.pop_back();
        return value;
    }

    std::size_t size() const { return items_.size(); }
    bool empty() const { return items_.empty(); }

private:
    std::vector<T> items_;
};

int main() {
    Stack<int> stack;
    for (int i = 0; i < 4; ++i) {
        stack.push(i * 10);
    }
    while (!stack.empty()) {
        std::cout << stack.pop() << "\n";
    }
    try {
        stack.pop();
    } catch (const std::out_of_range& error) {
        std::cout << "error: " << error.what() << "\n";
    }
    return 0;
}
