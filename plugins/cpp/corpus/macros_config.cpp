#include <iostream>

#define STRINGIFY(x) #x
#define LOG_VALUE(expr)                                   \
    do {                                                  \
        std::cout << STRINGIFY(expr) << " = " << (expr)   \
                  << "\n";                                \
    } while (false)

#ifdef NDEBUG
constexpr bool kDebug = false;
#else
constexpr bool kDebug = true;
#endif

template <typename T>
T clamp_to(T value, T low, T high) {
    return value < low ? low : (value > high ? high : value);
}

int main() {
    LOG_VALUE(clamp_to(15, 0, 10));
    LOG_VALUE(clamp_to(-2.5, 0.0, 1.0));
    if (kDebug) {
        std::cout << "debug build\n";
    }
    return 0;
}
