#include <algorithm>
#include <iostream>
#include <numeric>
#include <vector>

int main() {
    std::vector<int> values(10);
    std::iota(values.begin(), values.end(), 1);

    const int sum = std::accumulate(values.begin(), values.end(), 0);
    const auto evens = std::count_if(values.begin(), values.end(), [](int v) { return v % 2 == 0; });

    std::vector<int> squares;
    std::transform(values.begin(), values.end(), std::back_inserter(squares),
                   [](int v) { return v * v; });

    std::reverse(squares.begin(), squares.end());
    auto [low, high] = std::minmax_element(squares.begin(), squares.end());

    std::cout << "sum " << sum << ", evens " << evens << "\n";
    std::cout << "min " << *low << ", max " << *high << "\n";
    for (int square : squares) {
        std::cout << square << ' ';
    }
    std::cout << '\n';
    return 0;
}
