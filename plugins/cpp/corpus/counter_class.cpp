#include <iostream>

class Counter {
public:
    Counter() = default;
    explicit Counter(int start) : value_(start) {}

    Counter& operator++() {
        ++value_;
        return *this;
    }

    int value() const { return value_; }
    static int instances() { return instances_; }

private:
    int value_ = 0;
    static inline int instances_ = 0;
};

int main() {
    Counter counter(5);
    for (int i = 0; i < 3; ++i) {
        ++counter;
    }
    std::cout << counter.value() << " " << Counter::instances() << "\n";
    return 0;
}
