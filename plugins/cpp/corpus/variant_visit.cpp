#include <iostream>
#include <string>
#include <variant>
#include <vector>

using Value = std::variant<int, double, std::string>;

struct Describe {
    std::string operator()(int value) const { return "int " + std::to_string(value); }
    std::string operator()(double value) const { return "double " + std::to_string(value); }
    std::string operator()(const std::string& value) const { return "string \"" + value + "\""; }
};

int main() {
    std::vector<Value> values{42, 2.5, std::string("text")};
    for (const auto& value : values) {
        std::cout << std::visit(Describe{}, value) << "\n";
    }
    int ints = 0;
    for (const auto& value : values) {
        if (std::holds_alternative<int>(value)) {
            ++ints;
        }
    }
    std::cout << ints << " int(s)\n";
    return 0;
}
