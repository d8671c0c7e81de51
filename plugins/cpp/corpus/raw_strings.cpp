#include <iostream>
#include <regex>
#include <string>

// A raw string literal spans several lines and must stay whole.
const char* const kUsage = R"(usage: grep-lite PATTERN
  prints the lines of the built-in text
  that match PATTERN)";

int main() {
    const std::string text = R"(alpha 1
beta 22
gamma 333)";
    const std::regex pattern(R"((\w+) (\d{2,}))");
    std::cout << kUsage << "\n";
    auto begin = std::sregex_iterator(text.begin(), text.end(), pattern);
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
        const std::smatch& match = *it;
        std::cout << match[1] << " -> " << match[2] << "\n";
    }
    return 0;
}
