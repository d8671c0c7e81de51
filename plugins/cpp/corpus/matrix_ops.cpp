#include <array>
#include <iostream>

template <std::size_t N>
using Matrix = std::array<std::array<int, N>, N>;

template <std::size_t N>
Matrix<N> multiply(const Matrix<N>& a, const Matrix<N>& b) {
    Matrix<N> result{};
    for (std::size_t i = 0; i < N; ++i) {
        for (std::size_t j = 0; j < N; ++j) {
            for (std::size_t k = 0; k < N; ++k) {
                result[i][j] += a[i][k] * b[k][j];
            }
        }
    }
    return result;
}

template <std::size_t N>
void print(const Matrix<N>& m) {
    for (const auto& row : m) {
        for (int value : row) {
            std::cout << value << ' ';
        }
        std::cout << '\n';
    }
}

int main() {
    Matrix<2> a{{{1, 2}, {3, 4}}};
    Matrix<2> b{{{0, 1}, {1, 0}}};
    print(multiply(a, b));
    return 0;
}
