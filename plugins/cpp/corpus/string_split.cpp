#include <iostream>
#include <string>
#include <string_view>
#include <vector>

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        std::size_t end = text.find(separator, start);
        if (end == std::string_view::npos) {
            parts.emplace_back(text.substr(start));
            break;
        }
        parts.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

std::string join(const std::vector<std::string>& parts, const std::string& glue) {
    std::string result;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) {
            result += glue;
        }
        result += parts[i];
    }
    return result;
}

int main() {
    auto fields = split("name,age,,city", ',');
    std::cout << fields.size() << " fields\n";
    std::cout << join(fields, " | ") << "\n";
    return 0;
}
